/**
 * `node examples/quickstart/scripts/bundle.ts [--if-stale]`: bundles the quickstart into
 * `examples/quickstart/dist/` (what `./dev.sh start` runs). `--if-stale` skips the build when the
 * bundle already matches the sources (`./dev.sh` uses it).
 */
import { bundle, entry } from "../src/Bundle.ts"

const started = performance.now()
const built = await bundle({ ifStale: process.argv.includes("--if-stale") })
console.error(
  built
    ? `[quickstart] bundled ${entry} in ${Math.round(performance.now() - started)} ms`
    : "[quickstart] the bundle is up to date"
)
