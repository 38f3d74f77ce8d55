/**
 * Builds and packs every published package (`pnpm pack`, which writes `publishConfig` into the
 * tarball's package.json and the workspace versions into its dependencies), then checks what each
 * tarball holds: nothing but what users need (no tests, fixtures, configs), every source map's sources
 * shipped with it, every `exports`/`bin` target present and plain JavaScript (Node refuses to strip
 * types under node_modules). Prints each tarball's size.
 *
 * Usage: `node scripts/pack-packages.ts <destination dir>`; as a module, `pack(destination)`.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Packages from "./Packages.ts"

/** One packed package: its name, its tarball (absolute path) and the tarball's size in bytes. */
export interface Packed {
  readonly name: string
  readonly tarball: string
  readonly bytes: number
  readonly files: number
}

const forbidden = [
  /(^|\/)test(s)?\//,
  /(^|\/)__tests__\//,
  /(^|\/)fixtures?\//,
  /\.(test|spec)\.[cm]?[jt]s$/,
  /(^|\/)vitest\.config\./,
  /(^|\/)tsconfig[^/]*\.json$/,
  /\.tsbuildinfo$/
]

/** What is wrong with one unpacked tarball (`dir` is its `package/` folder); empty when nothing. */
export const problemsOf = (dir: string): Array<string> => {
  const problems: Array<string> = []
  const files = listFiles(dir)
  for (const file of files) {
    if (forbidden.some((pattern) => pattern.test(file))) problems.push(`ships ${file}, which users do not need`)
    if (file.endsWith(".map")) {
      const map = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { sources?: Array<string> }
      for (const source of map.sources ?? []) {
        const shipped = path.relative(dir, path.resolve(path.dirname(path.join(dir, file)), source))
        if (!files.includes(shipped.split(path.sep).join("/"))) problems.push(`${file} points at ${source}, not shipped`)
      }
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Packages.Manifest
  const targets: Array<string> = []
  const collect = (value: unknown): void => {
    if (typeof value === "string") targets.push(value)
    else if (value !== null && typeof value === "object") Object.values(value).forEach(collect)
  }
  collect(manifest.exports)
  collect(manifest.bin)
  if (manifest.exports === undefined) problems.push("package.json has no exports")
  for (const target of targets) {
    if (/\.ts$/.test(target) && !target.endsWith(".d.ts")) problems.push(`exports/bin point at TypeScript source ${target}`)
    const probe = target.includes("*") ? path.dirname(target) : target
    if (!fs.existsSync(path.join(dir, probe))) problems.push(`exports/bin target ${target} is not in the tarball`)
  }
  if (!files.includes("README.md")) problems.push("no README.md")
  // store-sql's `prepack` makes it; without it every first start would run PGlite's initdb again.
  if (manifest.files?.includes("template") && !files.some((file) => /^template\/pglite-[^/]+\.tar\.gz$/.test(file))) {
    problems.push("files names template/, but the tarball has no PGlite template (scripts/template.ts makes it)")
  }
  // A built page (settings-ui's dist/page) ships every script and stylesheet its HTML and its scripts load:
  // a page whose chunks went missing loads blank, and nothing else in the tarball would say so.
  for (const page of files.filter((file) => /(^|\/)index\.html$/.test(file))) {
    const root = path.posix.dirname(page)
    const loads = new Set<string>()
    for (const file of [page, ...files.filter((f) => f.startsWith(`${root}/`) && f.endsWith(".js"))]) {
      const text = fs.readFileSync(path.join(dir, file), "utf8")
      // `./assets/x.js` in the HTML, `./x.js` (a lazy chunk) and `assets/x.js` (its preloads) in the scripts.
      for (const [, name] of text.matchAll(/["'`](?:\.\/)?(?:assets\/)?([\w-]+\.(?:js|css))["'`]/g)) {
        loads.add(path.posix.join(root, "assets", name!))
      }
    }
    for (const asset of loads) if (!files.includes(asset)) problems.push(`${page} loads ${asset}, not shipped`)
  }
  return problems
}

const listFiles = (dir: string, prefix = ""): Array<string> =>
  fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(dir, path.posix.join(prefix, entry.name))
      : [path.posix.join(prefix, entry.name)]
  )

/** Builds, packs into `destination` and checks every published package; throws listing every problem. */
export const pack = (destination: string): ReadonlyArray<Packed> => {
  execFileSync(process.execPath, [path.join(Packages.root, "scripts", "build-packages.ts")], { stdio: "inherit" })
  fs.mkdirSync(destination, { recursive: true })
  const packed: Array<Packed> = []
  const problems: Array<string> = []
  for (const pkg of Packages.published()) {
    const out = execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: pkg.dir, encoding: "utf8" })
    const tarball = path.resolve(destination, out.trim().split("\n").pop()!.trim())
    const unpacked = fs.mkdtempSync(path.join(destination, `.${pkg.folder}-`))
    execFileSync("tar", ["xzf", tarball, "-C", unpacked])
    const contents = path.join(unpacked, "package")
    problems.push(...problemsOf(contents).map((problem) => `${pkg.manifest.name}: ${problem}`))
    packed.push({
      name: pkg.manifest.name,
      tarball,
      bytes: fs.statSync(tarball).size,
      files: listFiles(contents).length
    })
    fs.rmSync(unpacked, { recursive: true, force: true })
  }
  if (problems.length > 0) throw new Error(`pack-packages:\n  ${problems.join("\n  ")}`)
  return packed
}

if (import.meta.main) {
  const destination = path.resolve(process.argv[2] ?? path.join(Packages.root, ".build", "tarballs"))
  const packed = pack(destination)
  for (const p of packed) {
    console.log(`${p.name.padEnd(28)} ${(p.bytes / 1024).toFixed(1).padStart(7)} kB  ${String(p.files).padStart(4)} files`)
  }
  const total = packed.reduce((sum, p) => sum + p.bytes, 0)
  console.log(`${"total".padEnd(28)} ${(total / 1024).toFixed(1).padStart(7)} kB  → ${destination}`)
}
