/**
 * The Promise façade (`@fulcrum/embed`) serving on a raw `node:http` server, for `BENCH_AGAINST=facade node bench/host-acks.ts`:
 * what an embedder that does not use Effect runs, on the same database and secret key as the
 * `fulcrum-http` it is compared with (so the team set up through the host is the façade's too).
 *
 * Started by the bench as a child process. Environment: `FACADE_DATABASE_URL`, `FACADE_SECRET_KEY`,
 * `FACADE_ADMIN_TOKEN`. Prints `ready <port>` once listening.
 */
import * as HeapTuning from "@fulcrum/node-process/HeapTuning"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

// Started as `fulcrum-http`'s bin starts: no young-generation growth while the modules load and the
// façade opens its database, V8's default growth once it serves. Without it this process carried the
// 32–64 MB young generation its start-up grew into under load: each scavenge then kept ~5 MB alive and
// promoted ~3 MB (the host: ~2 MB and 0.2 MB at the same size) and took 3× as long, which is what the
// comparison measured rather than the requests' work (docs/benchmarks.md).
HeapTuning.starting()
const { createFulcrum } = await import("@fulcrum/embed")

const env = (name: string) => process.env[name] ?? ""
const server = createServer()
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
const port = (server.address() as AddressInfo).port
const fulcrum = await createFulcrum({
  database: { url: env("FACADE_DATABASE_URL") },
  secretKey: env("FACADE_SECRET_KEY"),
  adminToken: env("FACADE_ADMIN_TOKEN"),
  publicBaseUrl: `http://127.0.0.1:${port}`,
  allowCustomLeverUrl: true,
  logLevel: "Warn",
  scheduler: {
    sendInvite: async () => ({ interviewId: "unused", inviteUrl: null, expiresAt: null }),
    notifyNextStep: async () => {},
    cancel: async () => {}
  }
})
server.on("request", fulcrum.node)
HeapTuning.serving()
console.log(`ready ${port}`)
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => void fulcrum.stop().then(() => process.exit(0))))
}
