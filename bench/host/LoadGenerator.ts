/**
 * The one load generator both servers of `bench/host-acks.ts` are driven with: plain `node:http` over
 * keep-alive connections, bodies built before the clock starts, so the generator costs the same per
 * request whichever server it drives.
 *
 * - `closedLoop`: a fixed number of connections, each sending its next request as soon as the previous
 *   answer arrived, for a fixed time: the server's maximum rate at that concurrency.
 * - `openLoop`: requests started at a fixed rate whatever the answers do; each latency runs from the
 *   moment the request was due, so a server that falls behind shows its queueing (no coordinated
 *   omission).
 */
import { Agent, request } from "node:http"

/**
 * Requests per second a bench signs ahead for each second of a closed loop. Closed loops reached 7,800/s
 * on a 2-core EPYC (2026-12-08, the raw floor and `fulcrum-http` alike); the margin keeps a target's
 * `next` from running dry on a faster machine.
 */
export const presignedPerSecond = 16_000

/** One request to send: its path and JSON body. */
export interface Shot {
  readonly path: string
  readonly body: string
  /** Extra request headers (e.g. a Standard Webhooks signature). */
  readonly headers?: Readonly<Record<string, string>>
}

/** Where requests go, and the next one to send (each call a new, unique request). */
export interface Target {
  readonly port: number
  /**
   * A port list (several servers behind one address list): connection `i` goes to `ports[i % length]`, as
   * clients spread over a list would. Absent: every connection goes to `port`.
   */
  readonly ports?: ReadonlyArray<number>
  readonly next: () => Shot
}

/** What one run measured. */
export interface Result {
  readonly requests: number
  readonly seconds: number
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** Answers by HTTP status; `error` for requests that got no answer. */
  readonly statuses: Readonly<Record<string, number>>
}

/** The `q` quantile of sorted milliseconds. */
const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

const summarize = (latencies: Array<number>, seconds: number, statuses: Record<string, number>): Result => {
  latencies.sort((a, b) => a - b)
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    statuses
  }
}

/** Sends one request on `agent`; resolves with its status (or "error") once the answer was read. */
const send = (agent: Agent, port: number, shot: Shot): Promise<string> =>
  new Promise((resolve) => {
    const req = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: shot.path,
      agent,
      headers: { ...shot.headers, "content-type": "application/json", "content-length": Buffer.byteLength(shot.body) }
    }, (res) => {
      res.resume()
      res.on("end", () => resolve(String(res.statusCode)))
      res.on("error", () => resolve("error"))
    })
    req.on("error", () => resolve("error"))
    req.end(shot.body)
  })

/** `connections` keep-alive connections sending back to back for `seconds`, or until `limit` were sent. */
export const closedLoop = async (
  target: Target,
  connections: number,
  seconds: number,
  limit = Number.POSITIVE_INFINITY
): Promise<Result> => {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: Array<number> = []
  const statuses: Record<string, number> = {}
  const started = performance.now()
  const deadline = started + seconds * 1000
  let issued = 0
  const connection = async (_: unknown, index: number) => {
    const port = target.ports === undefined ? target.port : target.ports[index % target.ports.length]!
    while (performance.now() < deadline && issued < limit) {
      issued++
      const shot = target.next()
      const sent = performance.now()
      const status = await send(agent, port, shot)
      latencies.push(performance.now() - sent)
      statuses[status] = (statuses[status] ?? 0) + 1
    }
  }
  await Promise.all(Array.from({ length: connections }, connection))
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  return summarize(latencies, elapsed, statuses)
}

/** `rate` requests per second for `seconds`, each timed from when it was due. */
export const openLoop = async (target: Target, rate: number, seconds: number): Promise<Result> => {
  // Enough sockets that requests never wait for one in the generator: waiting belongs to the server.
  const agent = new Agent({ keepAlive: true, maxSockets: 1_000 })
  const latencies: Array<number> = []
  const statuses: Record<string, number> = {}
  const total = Math.round(rate * seconds)
  const pending: Array<Promise<void>> = []
  const started = performance.now()
  let sent = 0
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1)
      for (; sent < due; sent++) {
        const dueAt = started + (sent * 1000) / rate
        const shot = target.next()
        pending.push(send(agent, target.port, shot).then((status) => {
          latencies.push(performance.now() - dueAt)
          statuses[status] = (statuses[status] ?? 0) + 1
        }))
      }
      if (sent < total) setTimeout(tick, 1)
      else done()
    }
    tick()
  })
  await Promise.all(pending)
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  return summarize(latencies, elapsed, statuses)
}
