/**
 * Builds the API reference (`docs/reference/out/`, HTML) from the doc comments of every published
 * package's entry points with TypeDoc. New packages are picked up from `packages/*` like the build.
 * Fails on a broken `{@link}` or an entry point TypeDoc cannot read, so the reference cannot rot.
 *
 * Usage: `pnpm --filter @fulcrum/api-reference build` (or `node docs/reference/build.ts [typedoc options]`).
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Packages from "../../scripts/Packages.ts"

const here = import.meta.dirname
const entryPoints = Packages.published().flatMap((pkg) => {
  const exports = typeof pkg.manifest.exports === "object" ? pkg.manifest.exports : {}
  return Object.entries(exports)
    .filter(([key, target]) => !key.includes("*") && typeof target === "string" && target.endsWith(".ts"))
    // The contract test kits need vitest's types; they are documented in core's README.
    .filter(([key]) => key !== "./testing")
    .map(([, target]) => path.relative(here, path.join(pkg.dir, target as string)))
})
fs.writeFileSync(path.join(here, "tsconfig.json"), JSON.stringify({
  extends: "../../tsconfig.base.json",
  compilerOptions: { skipLibCheck: true, noUnusedLocals: false, noUnusedParameters: false },
  include: ["../../packages/*/src"],
  exclude: ["../../packages/*/src/testing"]
}, null, 2) + "\n")
const started = Date.now()
execFileSync(path.join(here, "node_modules", ".bin", "typedoc"), [
  "--tsconfig", path.join(here, "tsconfig.json"),
  "--out", path.join(here, "out"),
  "--name", "Fulcrum API reference",
  "--readme", path.join(here, "..", "embedding.md"),
  // `tsc -b` type-checks every package before the tests; TypeDoc need not do it again.
  "--skipErrorChecking",
  "--excludeInternal",
  // Effect's own symbols (members our classes inherit, types we re-export) are Effect's reference, not
  // ours; converting them was most of the time (measured: 65 → 24 CPU-s, 1.7 → 1.0 GB).
  "--excludeExternals",
  "--excludePrivate",
  "--validation.notExported", "false",
  "--validation.invalidLink", "true",
  // Effect's inherited members link to symbols outside the reference: only errors are worth a line.
  "--logLevel", "Error",
  ...entryPoints.flatMap((entry) => ["--entryPoints", entry]),
  // Further TypeDoc options from the command line, e.g. `--emit none` to check the comments only.
  ...process.argv.slice(2)
], { cwd: here, stdio: "inherit" })
console.log(`api reference: ${entryPoints.length} entry points → docs/reference/out in ${Date.now() - started} ms`)
