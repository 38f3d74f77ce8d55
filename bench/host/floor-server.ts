/**
 * The floor of `bench/host-acks.ts`: the least a webhook receiver can do on PostgreSQL. A raw `node:http`
 * server that parses each JSON body and runs one `INSERT ... ON CONFLICT DO NOTHING` into `floor_events`,
 * a copy of `inbox_events` with the same columns, constraints and indexes, then answers 202. No signature
 * check, no settings, no framework: what is left is the HTTP and PostgreSQL round trip the host pays too.
 *
 * Started by the bench as a child process; not meant to be run by hand. Environment: `FLOOR_DATABASE_URL`
 * (the migrated bench database), `FLOOR_PORT`, `FLOOR_POOL` (connections, default 10). Prints `ready
 * <port>` once listening.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import pg from "pg"

const pool = new pg.Pool({
  connectionString: process.env["FLOOR_DATABASE_URL"],
  max: Number(process.env["FLOOR_POOL"] ?? 10)
})
await pool.query("CREATE TABLE IF NOT EXISTS floor_events (LIKE inbox_events INCLUDING ALL)")

const insert = `
  INSERT INTO floor_events
    (team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at, status, note,
     next_attempt_at, updated_at)
  VALUES ($1, $2, 'lever', $3, $4, $5::jsonb, $6, $7, 'pending', NULL, $7, $7)
  ON CONFLICT (team_id, dedupe_key) DO NOTHING
  RETURNING event_id`

const server = createServer((req, res) => {
  const chunks: Array<Buffer> = []
  req.on("data", (chunk: Buffer) => chunks.push(chunk))
  req.on("end", () => {
    const raw = Buffer.concat(chunks).toString("utf8")
    const teamId = req.url?.split("/")[3] ?? ""
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body)
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
      res.end(text)
    }
    let body: { token: string; event: string; data: { opportunityId?: string } }
    try {
      body = JSON.parse(raw)
    } catch {
      return answer(400, { status: "malformed" })
    }
    const now = Date.now()
    pool.query(insert, [teamId, body.token, body.event, body.data?.opportunityId ?? null, JSON.stringify(body.data), raw, now])
      .then(
        (result) => answer(result.rowCount === 0 ? 200 : 202, { status: result.rowCount === 0 ? "duplicate" : "accepted" }),
        () => answer(500, { status: "error" })
      )
  })
})

server.listen(Number(process.env["FLOOR_PORT"] ?? 0), "127.0.0.1", () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`)
})
process.on("SIGTERM", () => {
  server.close()
  pool.end().then(() => process.exit(0), () => process.exit(1))
})
