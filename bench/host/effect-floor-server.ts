/**
 * The Effect floor of `bench/host-acks.ts` (`BENCH_AGAINST=effect-floor`): the floor's work (parse the
 * body, one `INSERT ... ON CONFLICT DO NOTHING` into `floor_events`, answer 202) on the platform
 * `fulcrum-http` is built on: Effect's Node HTTP server and router and `@effect/sql-pg`'s client, with no
 * Fulcrum code, no signature check, no middleware and tracing off (as the host runs by default). What the
 * host costs above it is Fulcrum's own work; what it costs above the raw floor is the platform's.
 *
 * Started by the bench as a child process; not meant to be run by hand. Environment: `FLOOR_DATABASE_URL`
 * (the migrated bench database), `FLOOR_POOL` (connections, default 10, as the host's). Prints `ready
 * <port>` once listening.
 */
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted, References } from "effect"
import { HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "effect/http"
import { SqlClient } from "effect/sql"
import { createServer } from "node:http"

const Routes = HttpRouter.use(Effect.fnUntraced(function*(router) {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE IF NOT EXISTS floor_events (LIKE inbox_events INCLUDING ALL)`
  yield* router.add(
    "POST",
    "/webhooks/lever/:teamId/stage-change",
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { teamId } = yield* HttpRouter.params
      const raw = yield* Effect.orDie(request.text)
      const body = JSON.parse(raw) as { token: string; event: string; data: { opportunityId?: string } }
      const now = Date.now()
      const rows = yield* Effect.orDie(sql`
        INSERT INTO floor_events
          (team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at, status, note,
           next_attempt_at, updated_at)
        VALUES (${teamId ?? ""}, ${body.token}, 'lever', ${body.event}, ${body.data?.opportunityId ?? null},
          ${JSON.stringify(body.data)}::jsonb, ${raw}, ${now}, 'pending', NULL, ${now}, ${now})
        ON CONFLICT (team_id, dedupe_key) DO NOTHING
        RETURNING event_id`)
      return HttpServerResponse.jsonUnsafe(
        { status: rows.length === 0 ? "duplicate" : "accepted" },
        { status: rows.length === 0 ? 200 : 202 }
      )
    })
  )
}))

const Server = NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })

const Main = HttpRouter.serve(Routes, { disableLogger: true }).pipe(
  Layer.provide(PgClient.layer({
    url: Redacted.make(process.env["FLOOR_DATABASE_URL"] ?? ""),
    maxConnections: Number(process.env["FLOOR_POOL"] ?? 10)
  })),
  Layer.provideMerge(Server),
  Layer.provide(Layer.succeed(References.TracerEnabled, false))
)

Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  const address = server.address
  if (!("port" in address)) return yield* Effect.die("not a TCP server")
  process.stdout.write(`ready ${address.port}\n`)
  return yield* Effect.never
}).pipe(Effect.provide(Main), NodeRuntime.runMain)
