/**
 * Builds every published package to what npm users get: ESM JavaScript, declarations and source maps
 * in `<package>/dist/` (mirroring `src/` and `bin/`). The repository itself runs from source; only
 * `publishConfig` (what `pnpm pack`/`pnpm publish` write into the tarball) points at `dist/`.
 *
 * One `tsc -b` over generated project configs (in `.build/`, not committed): each package's config
 * references the configs of the workspace packages it depends on, so an import of `@fulcrum/domain`
 * type-checks against domain's emitted declarations and the build order follows the dependencies.
 * A new package under `packages/` is built without registering it anywhere.
 *
 * Usage: `node scripts/build-packages.ts [--clean]`
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Packages from "./Packages.ts"

const buildDir = path.join(Packages.root, ".build", "tsconfig")
const clean = process.argv.includes("--clean")

const rel = (to: string) => path.relative(buildDir, to).split(path.sep).join("/")

const packages = Packages.published()
fs.mkdirSync(buildDir, { recursive: true })
for (const pkg of packages) {
  if (clean) fs.rmSync(path.join(pkg.dir, "dist"), { recursive: true, force: true })
  const include = ["src", "bin"].filter((sub) => fs.existsSync(path.join(pkg.dir, sub)))
  const config = {
    extends: rel(path.join(Packages.root, "tsconfig.base.json")),
    compilerOptions: {
      noEmit: false,
      composite: true,
      declaration: true,
      declarationMap: true,
      sourceMap: true,
      rootDir: rel(pkg.dir),
      outDir: rel(path.join(pkg.dir, "dist")),
      tsBuildInfoFile: rel(path.join(buildDir, `${pkg.folder}.tsbuildinfo`)),
      // Third-party declarations are not ours to fix (PGlite's need @types/emscripten); ours are checked
      // with `skipLibCheck: false` by the tarball test's strict consumer.
      skipLibCheck: true
    },
    include: include.map((sub) => rel(path.join(pkg.dir, sub))),
    references: Packages.workspaceDependencies(pkg, packages).map((dep) => ({ path: `./${dep.folder}.json` }))
  }
  fs.writeFileSync(path.join(buildDir, `${pkg.folder}.json`), JSON.stringify(config, null, 2) + "\n")
}
fs.writeFileSync(
  path.join(buildDir, "all.json"),
  JSON.stringify({ files: [], references: packages.map((pkg) => ({ path: `./${pkg.folder}.json` })) }, null, 2) + "\n"
)

const started = Date.now()
const tsc = path.join(Packages.root, "node_modules", ".bin", "tsc")
try {
  execFileSync(tsc, ["-b", path.join(buildDir, "all.json"), ...(clean ? ["--force"] : [])], {
    cwd: Packages.root,
    stdio: "inherit"
  })
} catch {
  console.error("build-packages: tsc failed (errors above)")
  process.exit(1)
}
// An incremental build leaves the output of a deleted or moved source behind, and the tarball would ship it.
// Only what tsc emits (dist/src, dist/bin) is looked at: dist/ also holds what other builds made (the
// settings page's bundle in settings-ui's dist/page), which has no source file of the same name.
const emitted = /(\.d\.ts\.map|\.js\.map|\.d\.ts|\.js)$/
const compiled = /^(src|bin)[\\/]/
for (const pkg of packages) {
  const dist = path.join(pkg.dir, "dist")
  if (!fs.existsSync(dist)) continue
  for (const file of fs.readdirSync(dist, { recursive: true, encoding: "utf8" })) {
    if (!emitted.test(file) || !compiled.test(file)) continue
    const source = path.join(pkg.dir, file.replace(emitted, ".ts"))
    if (!fs.existsSync(source)) fs.rmSync(path.join(dist, file))
  }
}
console.log(`build-packages: ${packages.length} packages built into <package>/dist in ${Date.now() - started} ms`)
