import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..", "..")

describe("check-packages", () => {
  it("every published package follows the package convention (CONTRIBUTING.md)", () => {
    // Throws with the script's list of problems when it exits non-zero.
    const out = execFileSync(process.execPath, [path.join(root, "scripts", "check-packages.ts")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"]
    })
    expect(out).toMatch(/packages follow the convention/)
  })
})
