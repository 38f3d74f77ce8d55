import * as fs from "node:fs"
import { describe, expect, it } from "vitest"
import * as EnvTable from "../env-table.ts"

describe("the environment table in docs/operations.md", () => {
  it("is the one generated from the variables the processes read (run `node scripts/env-table.ts`)", () => {
    const doc = fs.readFileSync(EnvTable.docPath, "utf8")
    expect(doc).toBe(EnvTable.render(doc))
  })

  it("lists every variable once, with the processes that read it", () => {
    const doc = fs.readFileSync(EnvTable.docPath, "utf8")
    const table = doc.slice(doc.indexOf("<!-- env-table:start"), doc.indexOf("<!-- env-table:end"))
    const rows = table.split("\n").filter((line) => /^\| `[A-Z_*]+` \|/.test(line))
    const names = rows.map((row) => row.split("|")[1]!.trim())
    expect(new Set(names).size).toBe(names.length)
    expect(rows.find((row) => row.startsWith("| `FULCRUM_SECRET_KEY` |"))).toMatch(/fulcrum-http, fulcrum-worker, quickstart \|$/)
    expect(rows.find((row) => row.startsWith("| `WORKER_LEASE_MS` |"))).toMatch(/`10000` .* fulcrum-worker \|$/)
  })
})
