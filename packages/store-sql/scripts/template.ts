/**
 * `node scripts/template.ts [--if-stale]` (the package's `prepack`, and `./dev.sh` in the repository):
 * makes the migrated, empty PGlite database this package ships (`template/pglite-<version>-<latest
 * migration>.tar.gz`), so no start runs PGlite's initdb. `--if-stale` does nothing when the file for
 * this PGlite build and schema is already there.
 */
import { Effect } from "effect"
import { existsSync, statSync } from "node:fs"
import * as PgliteClient from "../src/internal/PgliteClient.ts"
import * as PgliteTemplate from "../src/internal/PgliteTemplate.ts"

const file = PgliteTemplate.shippedPath()
if (process.argv.includes("--if-stale") && existsSync(file)) {
  console.error(`[store-sql] the PGlite template is up to date (${file})`)
} else {
  const started = performance.now()
  console.error("[store-sql] making the PGlite template (initdb and migrations, once per PGlite version and schema)")
  await Effect.runPromise(Effect.flatMap(PgliteClient.makeDump(), (dump) => PgliteTemplate.writeShipped(dump, file)))
  console.error(
    `[store-sql] made ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`
  )
}
