import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import * as Packages from "../Packages.ts"

const reference = path.join(Packages.root, "docs", "reference")

describe("the API reference", () => {
  it("builds from the doc comments of every published package (TypeDoc), with createFulcrum documented", () => {
    execFileSync(process.execPath, [path.join(reference, "build.ts")], { stdio: ["ignore", "pipe", "pipe"] })
    const html = fs.readdirSync(path.join(reference, "out"), { recursive: true }).map(String)
    expect(html.some((file) => file.includes("createFulcrum"))).toBe(true)
  }, 900_000)
})
