/**
 * A TCP proxy in front of PostgreSQL that can cut every open connection at once, the way a failover, a
 * restarted pgbouncer or a flaky network does. New connections are accepted again right away.
 */
import { Effect } from "effect"
import { connect, createServer, type Socket } from "node:net"
import type { AddressInfo } from "node:net"

export interface TcpProxy {
  readonly port: number
  /** Destroys every open connection (both sides); returns how many there were. */
  readonly cut: Effect.Effect<number>
  /** Cuts every connection and refuses new ones for `ms` (the database is unreachable for that long). */
  readonly outage: (ms: number) => Effect.Effect<number>
  /** Connections opened through the proxy so far. */
  readonly opened: Effect.Effect<number>
}

/** Starts a proxy to `host:port`, stopped with the scope. */
export const start = (target: { readonly host: string; readonly port: number }) =>
  Effect.gen(function*() {
    const pairs = new Set<readonly [Socket, Socket]>()
    let opened = 0
    let refuseUntil = 0
    const server = createServer((client) => {
      if (Date.now() < refuseUntil) return void client.destroy()
      opened++
      const upstream = connect(target.port, target.host)
      const pair = [client, upstream] as const
      pairs.add(pair)
      const close = () => {
        pairs.delete(pair)
        client.destroy()
        upstream.destroy()
      }
      client.on("error", close).on("close", close)
      upstream.on("error", close).on("close", close)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.callback<void>((resume) => {
          for (const [client, upstream] of pairs) {
            client.destroy()
            upstream.destroy()
          }
          server.close(() => resume(Effect.void))
        })
    )
    const cut = Effect.sync(() => {
      const count = pairs.size
      for (const [client, upstream] of [...pairs]) {
        client.destroy()
        upstream.destroy()
      }
      return count
    })
    return {
      port,
      cut,
      outage: (ms) => Effect.andThen(Effect.sync(() => void (refuseUntil = Date.now() + ms)), cut),
      opened: Effect.sync(() => opened)
    } satisfies TcpProxy
  })
