import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Tar from "../src/internal/Tar.ts"

/** A ustar archive of what `fill` puts in a scratch directory, made by the system's tar. */
const archiveOf = (fill: (dir: string) => void): Uint8Array => {
  const dir = mkdtempSync(join(tmpdir(), "fulcrum-store-sql-tar-"))
  try {
    mkdirSync(join(dir, "root"))
    fill(join(dir, "root"))
    execFileSync("tar", ["--format=ustar", "-cf", join(dir, "a.tar"), "-C", join(dir, "root"), "."])
    return new Uint8Array(readFileSync(join(dir, "a.tar")))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe("Tar.entries", () => {
  it("reads files and directories with their paths, modes and contents", () => {
    const archive = archiveOf((dir) => {
      mkdirSync(join(dir, "base/1"), { recursive: true, mode: 0o750 })
      writeFileSync(join(dir, "PG_VERSION"), "17\n", { mode: 0o600 })
      writeFileSync(join(dir, "base/1/big"), new Uint8Array(1300).fill(7), { mode: 0o600 })
      writeFileSync(join(dir, "empty"), "", { mode: 0o644 })
    })
    const byPath = new Map(Tar.entries(archive).map((entry) => [entry.path, entry]))
    assert.deepStrictEqual([...byPath.keys()].sort(), ["PG_VERSION", "base", "base/1", "base/1/big", "empty"])
    assert.strictEqual(new TextDecoder().decode(byPath.get("PG_VERSION")!.data), "17\n")
    assert.strictEqual(byPath.get("base/1/big")!.data.length, 1300)
    assert.isTrue(byPath.get("base/1/big")!.data.every((byte) => byte === 7))
    assert.strictEqual(byPath.get("base/1")!.type, "directory")
    assert.strictEqual(byPath.get("PG_VERSION")!.mode, 0o600)
    assert.strictEqual(byPath.get("empty")!.data.length, 0)
  })

  it("refuses a link, a damaged header and a file cut short", () => {
    assert.throws(() => Tar.entries(archiveOf((dir) => symlinkSync("/etc/passwd", join(dir, "link")))), /neither a file nor a directory/)
    const archive = archiveOf((dir) => writeFileSync(join(dir, "file"), new Uint8Array(2000)))
    const damaged = archive.slice()
    damaged[0] = damaged[0]! ^ 1
    assert.throws(() => Tar.entries(damaged), /checksum/)
    const file = Tar.entries(archive).find((entry) => entry.path === "file")!
    assert.throws(() => Tar.entries(archive.subarray(0, file.data.byteOffset + 1000)), /cut short/)
  })
})
