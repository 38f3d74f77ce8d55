/**
 * The release: builds and checks every package (`pack-packages`: dist, tarball contents), runs every
 * check (`./dev.sh test`), then publishes with `pnpm publish -r` — a dry run unless `--publish` is
 * given. Versions and CHANGELOGs come before, from the changesets: `pnpm changeset version` (all
 * `@fulcrum/*` packages move together: the `fixed` group in `.changeset/config.json`).
 *
 * Usage: `pnpm release` (dry run), `pnpm release --publish`, `--skip-tests` to publish what CI tested.
 */
import { execFileSync } from "node:child_process"
import * as os from "node:os"
import * as path from "node:path"
import { pack } from "./pack-packages.ts"
import * as Packages from "./Packages.ts"

const publish = process.argv.includes("--publish")
const step = (what: string) => console.log(`\nrelease: ${what}`)
const sh = (command: string, args: ReadonlyArray<string>) =>
  execFileSync(command, args, { cwd: Packages.root, stdio: "inherit" })

step("build and check every package's tarball")
for (const p of pack(path.join(os.tmpdir(), `fulcrum-release-${process.pid}`))) {
  console.log(`  ${p.name.padEnd(28)} ${(p.bytes / 1024).toFixed(1)} kB`)
}
if (!process.argv.includes("--skip-tests")) {
  step("test (./dev.sh test)")
  sh(path.join(Packages.root, "dev.sh"), ["test"])
}
step(publish ? "publish" : "publish (dry run; --publish to publish)")
sh("pnpm", ["publish", "-r", "--no-git-checks", "--access", "public", ...(publish ? [] : ["--dry-run"])])
