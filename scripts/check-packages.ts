/**
 * The package convention (CONTRIBUTING.md, "Packages"), checked on every test run for every
 * non-private package under `packages/`, so a new package fails here until it follows it:
 *
 * - `exports` point at sources (`./src/*.ts`), so the repository runs from source; `"./*"` exposes
 *   every module (declarations can then name any type) and `"./internal/*"` is `null`;
 * - `publishConfig.exports` is the same map over `dist/` with `types` and `import` conditions, and
 *   `publishConfig.bin` the built bins: pnpm writes them into the tarball in place of `exports`/`bin`;
 * - `files` is `dist`, `src` (the sources the source maps point at), `bin` when there is one, `template`
 *   when `scripts/template.ts` makes one (store-sql's migrated PGlite database, git-ignored);
 * - `type: module`, `sideEffects: false`, `engines.node >= 24`, `license`, `description`, a README.md;
 * - no doc comment in `src/` is only `@since` (say what the export is for);
 * - `effect` and `@effect/*` dependencies are ranges, never exact pins (one copy of Effect per install).
 *
 * `--fix` writes the mechanical fields (everything but the description and the README).
 * Exits 1 and lists every problem.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import * as Packages from "./Packages.ts"

const fix = process.argv.includes("--fix")

const sourceToDist = (target: string): { readonly types: string; readonly import: string } => {
  const stem = target.replace(/^\.\//, "").replace(/\.ts$/, "")
  return { types: `./dist/${stem}.d.ts`, import: `./dist/${stem}.js` }
}

/** The `exports` a package should have, from its current ones plus the convention's wildcards. */
const expectedExports = (pkg: Packages.Package): Record<string, string | null> => {
  const current = typeof pkg.manifest.exports === "object" ? pkg.manifest.exports : { ".": pkg.manifest.exports }
  const out: Record<string, string | null> = {}
  for (const [key, value] of Object.entries(current)) {
    if (key === "./*" || key.endsWith("/internal/*")) continue
    if (typeof value === "string") out[key] = value
  }
  out["."] ??= "./src/index.ts"
  out["./*"] = "./src/*.ts"
  for (const dir of internalDirs(path.join(pkg.dir, "src"))) out[`./${dir}*`] = null
  return out
}

/** Every `internal/` folder under `src/`, relative (`internal/`, `testing/internal/`). */
const internalDirs = (src: string, prefix = ""): Array<string> =>
  fs.existsSync(src)
    ? fs.readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((entry) =>
      entry.name === "internal"
        ? [`${prefix}internal/`]
        : internalDirs(path.join(src, entry.name), `${prefix}${entry.name}/`)
    )
    : []

const expectedPublishExports = (exports: Record<string, string | null>) =>
  Object.fromEntries(
    [...Object.entries(exports).map(([key, value]) => [key, value === null ? null : sourceToDist(value)]), [
      "./package.json",
      "./package.json"
    ]]
  )

const expectedBin = (bin: Record<string, string> | undefined) =>
  bin === undefined
    ? undefined
    : Object.fromEntries(Object.entries(bin).map(([name, target]) => [name, sourceToDist(target).import]))

const expectedFiles = (pkg: Packages.Package) => [
  "dist",
  "src",
  ...(fs.existsSync(path.join(pkg.dir, "bin")) ? ["bin"] : []),
  ...(fs.existsSync(path.join(pkg.dir, "scripts", "template.ts")) ? ["template"] : [])
]

const sourceFiles = (dir: string): Array<string> =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(path.join(dir, entry.name))
        : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : []
    )
    : []

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

const problems: Array<string> = []
for (const pkg of Packages.published()) {
  const m = pkg.manifest as Record<string, any>
  const where = `packages/${pkg.folder}/package.json`
  const fail = (what: string) => problems.push(`${where}: ${what}`)
  const exports = expectedExports(pkg)
  const expected: Record<string, unknown> = {
    type: "module",
    exports,
    files: expectedFiles(pkg),
    sideEffects: false,
    engines: { node: ">=24" },
    publishConfig: {
      access: "public",
      exports: expectedPublishExports(exports),
      ...(m.bin === undefined ? {} : { bin: expectedBin(m.bin) })
    }
  }
  for (const target of Object.values(exports)) {
    if (target !== null && !target.includes("*") && !fs.existsSync(path.join(pkg.dir, target))) {
      fail(`exports target ${target} does not exist`)
    }
  }
  for (const target of Object.values(m.bin ?? {}) as Array<string>) {
    if (!/^\.\/(src|bin)\/.+\.ts$/.test(target)) fail(`bin ${target} must be a .ts file under src/ or bin/`)
  }
  for (const [field, want] of Object.entries(expected)) {
    if (same(m[field], want)) continue
    if (fix) m[field] = want
    else fail(`"${field}" should be ${JSON.stringify(want)} (run node scripts/check-packages.ts --fix)`)
  }
  for (const [dep, range] of Object.entries((m.dependencies ?? {}) as Record<string, string>)) {
    // An exact pin makes npm nest a second copy of effect beside the user's, and Effect's values
    // (Redacted, services, schemas) do not cross copies.
    if ((dep === "effect" || dep.startsWith("@effect/")) && /^\d/.test(range)) {
      fail(`dependency ${dep} is pinned to ${range}: use a range (^${range}) so installs share one copy`)
    }
  }
  for (const file of sourceFiles(path.join(pkg.dir, "src"))) {
    const text = fs.readFileSync(file, "utf8")
    // A doc comment that only says `@since` tells a reader (and the API reference) nothing.
    if (/\/\*\*\s*(\*\s*)?@since [^\n]*?\*\//.test(text) || /\/\*\*\s*\n\s*\*\s*@since[^\n]*\n\s*\*\//.test(text)) {
      fail(`${path.relative(pkg.dir, file)} has a doc comment that is only "@since": say what the export is for`)
    }
  }
  if (typeof m.description !== "string" || m.description.length < 20) fail(`needs a "description"`)
  if (typeof m.license !== "string") fail(`needs a "license"`)
  if (!fs.existsSync(path.join(pkg.dir, "README.md"))) fail("needs a README.md (what it is, install, smallest use)")
  if (fix) fs.writeFileSync(path.join(pkg.dir, "package.json"), JSON.stringify(m, null, 2) + "\n")
}

if (problems.length > 0) {
  console.error(`check-packages: ${problems.length} problem(s) with the package convention (CONTRIBUTING.md):`)
  for (const problem of problems) console.error(`  ${problem}`)
  process.exit(1)
}
console.log(`check-packages: ${Packages.published().length} packages follow the convention${fix ? " (fixed)" : ""}`)
