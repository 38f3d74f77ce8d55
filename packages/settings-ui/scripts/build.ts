/**
 * `pnpm --filter @fulcrum/settings-ui build` (and `prepack`): builds the settings page into dist/.
 * `--if-stale` skips the build when dist/ already matches the sources (`./dev.sh` and `prepack` use it:
 * a pack while the tests run must not empty dist/ under a test that serves the page or builds it too; two
 * Vite builds into one dist/ were seen to collide in a full run).
 */
import { build } from "../src/Build.ts"

const started = performance.now()
const built = await build({ ifStale: process.argv.includes("--if-stale") })
console.error(
  built
    ? `[settings-ui] built dist/ in ${Math.round(performance.now() - started)} ms`
    : "[settings-ui] dist/ is up to date"
)
