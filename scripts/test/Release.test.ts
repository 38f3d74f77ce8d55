/**
 * The release machinery: changesets version every published package together with a CHANGELOG, and
 * `pnpm publish -r --dry-run` (what `pnpm release` ends with) goes through for every one of them.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import * as Packages from "../Packages.ts"

const published = Packages.published()

describe("releases", () => {
  it("changeset version moves every published package to one version, each with a CHANGELOG", () => {
    // A copy of what changesets reads: manifests, workspace file and pending changesets.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "fulcrum-changeset-"))
    try {
      for (const file of ["package.json", "pnpm-workspace.yaml", ".changeset"]) {
        fs.cpSync(path.join(Packages.root, file), path.join(copy, file), { recursive: true })
      }
      for (const pkg of Packages.all()) {
        fs.mkdirSync(path.join(copy, "packages", pkg.folder), { recursive: true })
        fs.copyFileSync(path.join(pkg.dir, "package.json"), path.join(copy, "packages", pkg.folder, "package.json"))
      }
      // One changeset that bumps a single package: the fixed group must move all of them.
      fs.writeFileSync(path.join(copy, ".changeset", "zz-release-test.md"), `---\n"${published[0]!.manifest.name}": patch\n---\n\nA test.\n`)
      fs.symlinkSync(path.join(Packages.root, "node_modules"), path.join(copy, "node_modules"))
      execFileSync(path.join(Packages.root, "node_modules", ".bin", "changeset"), ["version"], { cwd: copy, stdio: "pipe" })
      const versions = new Set<string>()
      for (const pkg of published) {
        const dir = path.join(copy, "packages", pkg.folder)
        versions.add(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version)
        expect(fs.readFileSync(path.join(dir, "CHANGELOG.md"), "utf8"), pkg.manifest.name).toContain(pkg.manifest.name)
      }
      expect([...versions]).toHaveLength(1)
      expect([...versions][0]).not.toBe(published[0]!.manifest.version)
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  it("pnpm publish -r --dry-run goes through for every published package", () => {
    const out = execFileSync("pnpm", ["publish", "-r", "--dry-run", "--no-git-checks"], {
      cwd: Packages.root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"]
    })
    for (const pkg of published) expect(out).toContain(`${pkg.manifest.name}@`)
  })
})
