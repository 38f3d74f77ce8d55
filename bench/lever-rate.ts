/**
 * Benchmark: the Lever HTTP adapter's per-key rate limit against the Lever sandbox (started in this
 * process on 127.0.0.1, enforcing Lever's 10 requests/s with bursts of 20 per key).
 *
 *   node bench/lever-rate.ts [calls per key, default 500]
 *
 * 1. `calls` getOpportunity calls through one key, all started at once: wall-clock rate, sustained rate
 *    after the initial burst, and the 429s the sandbox answered.
 * 2. The same on two keys in parallel: each key's rates and 429s.
 * 3. Headroom: short rounds on fresh keys with the client's burst at 18 (default) and at 20 (= Lever's):
 *    without headroom, jitter in when requests reach Lever makes some arrive just before it refills.
 *
 * The target is ≥ 9.5 requests/s sustained per key with no 429.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { LeverApi } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { LeverHttp, LeverHttpOptions } from "@fulcrum/lever-http"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Effect, Layer, Logger, Redacted, Schema } from "effect"

const calls = Number(process.argv[2] ?? 500)

interface KeyResult {
  readonly label: string
  readonly calls: number
  readonly wallSeconds: number
  readonly wallRate: number
  readonly sustainedRate: number
  readonly tooManyRequests: number
}

/** Runs `calls` concurrent reads on each key (all keys in parallel) through one adapter instance. */
const run = (labels: ReadonlyArray<string>, options: LeverHttpOptions.Options, n: number) =>
  Effect.gen(function*() {
    const sandbox = yield* LeverSandbox.LeverSandbox
    const { control } = sandbox
    yield* control.reset()
    const [stage] = yield* control.stages.list()
    const opportunity = yield* control.createOpportunity({ name: "Bench Candidate", stage: stage!.id })
    const id = Schema.decodeSync(Ids.OpportunityId)(opportunity.id)
    const keys = yield* Effect.forEach(labels, (label) =>
      Effect.map(
        control.keys.create({ name: `bench ${label}`, permissions: ["opportunities:read:admin"] }),
        (key) => ({ label, key: key.key })
      ))
    // One adapter instance, alive for the whole run: its buckets are what is measured.
    return yield* LeverApi.LeverApi.use((lever) => Effect.forEach(keys, ({ label, key }) =>
      Effect.gen(function*() {
        const target: LeverApi.LeverTarget = {
          teamId: Schema.decodeSync(Ids.TeamId)(`bench-${label}`),
          baseUrl: sandbox.baseUrl,
          credentials: LeverApi.apiKey(Redacted.make(key))
        }
        const started = performance.now()
        yield* Effect.forEach(Array.from({ length: n }), () => lever.getOpportunity(target, id), {
          concurrency: "unbounded",
          discard: true
        })
        const wallSeconds = (performance.now() - started) / 1000
        const log = yield* control.requests.list({ principal: key })
        const ok = log.filter((e) => e.status === 200).map((e) => e.at).sort((a, b) => a - b)
        // The burst itself reaches Lever spread over the time it takes to open connections, so the steady
        // rate is measured from one second after the first arrival to the last one.
        const steady = ok.filter((at) => at >= ok[0]! + 1_000)
        const sustainedRate = steady.length > 1
          ? (steady.length - 1) / ((steady[steady.length - 1]! - steady[0]!) / 1000)
          : NaN
        return {
          label,
          calls: n,
          wallSeconds,
          wallRate: n / wallSeconds,
          sustainedRate,
          tooManyRequests: log.filter((e) => e.status === 429).length
        } satisfies KeyResult
      }), { concurrency: "unbounded" })).pipe(
      Effect.provide(LeverHttp.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici)))
    )
  })

const print = (title: string, results: ReadonlyArray<KeyResult>) => {
  console.log(`\n${title}`)
  for (const r of results) {
    console.log(
      `  key ${r.label}: ${r.calls} calls in ${r.wallSeconds.toFixed(2)} s = ${r.wallRate.toFixed(2)} req/s overall, ` +
        `${r.sustainedRate.toFixed(2)} req/s sustained (after the first second), ${r.tooManyRequests} × 429`
    )
  }
}

const program = Effect.gen(function*() {
  console.log(`Lever rate benchmark: ${calls} getOpportunity calls per key against the in-process sandbox`)
  console.log(
    `(sandbox: 10 req/s, burst 20 per key; adapter default: ${LeverHttpOptions.defaultPerSecond} req/s, ` +
      `burst ${LeverHttpOptions.defaultBurst})`
  )
  print("One key, default options", yield* run(["A"], {}, calls))
  print("Two keys in parallel, default options", yield* run(["A", "B"], {}, calls))
  // Each round uses a fresh key, so both buckets (ours and the sandbox's) start full: the case where a
  // burst is followed by requests paced exactly at Lever's rate.
  const rounds = 5
  const short = Math.min(calls, 60)
  console.log(
    `\nHeadroom: ${rounds} rounds of ${short} calls on a fresh key, client burst 18 (default) vs 20 (= Lever's)`
  )
  for (const burst of [18, 20]) {
    let tooMany = 0
    let sustained = 0
    for (let i = 0; i < rounds; i++) {
      const [result] = yield* run([`burst${burst}-${i}`], { rateLimit: { burst } }, short)
      tooMany += result!.tooManyRequests
      sustained += result!.sustainedRate / rounds
    }
    console.log(
      `  burst ${burst}: ${tooMany} × 429 in ${rounds * short} calls, mean sustained ${sustained.toFixed(2)} req/s`
    )
  }
})

await Effect.runPromise(
  program.pipe(
    Effect.provide(LeverSandbox.layer()),
    // Retries are part of what is measured, but their warnings would drown the figures.
    Effect.provide(Logger.layer([]))
  )
)
