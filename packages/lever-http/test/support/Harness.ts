/**
 * Shared test helpers: a target pointing at a base URL, the adapter over Node's undici client, and
 * captured log lines and spans.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { LeverApi } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Logger, Redacted, Schema, Tracer } from "effect"
import { LeverHttp, type LeverHttpOptions } from "../../src/index.ts"

/** A team id. */
export const teamId = (id: string): Ids.TeamId => Schema.decodeSync(Ids.TeamId)(id)

/** An opportunity id. */
export const opportunityId = (id: string): Ids.OpportunityId => Schema.decodeSync(Ids.OpportunityId)(id)

/** An API-key target. */
export const keyTarget = (baseUrl: string, key: string, team = "team-a"): LeverApi.LeverTarget => ({
  teamId: teamId(team),
  baseUrl,
  credentials: LeverApi.apiKey(Redacted.make(key))
})

/** Retries that do not slow the unit tests down. */
export const fastRetry: LeverHttpOptions.Retry = { baseDelay: "5 millis", maxDelay: "40 millis" }

/** The adapter over undici with `options`. */
export const layer = (options: LeverHttpOptions.Options = {}) =>
  LeverHttp.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici))

/** Runs `f` with a fresh adapter (fresh rate-limit buckets). */
export const withLever = <A, E, R>(
  options: LeverHttpOptions.Options,
  f: (lever: LeverApi.LeverApi["Service"]) => Effect.Effect<A, E, R>
) => LeverApi.LeverApi.use(f).pipe(Effect.provide(layer(options)))

/** Every log line (JSON, annotations included) written while `effect` runs. */
export const captureLogs = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.map(Logger.formatJson, (line) => {
      lines.push(line)
    })
    const result = yield* Effect.result(effect.pipe(Effect.provide(Logger.layer([logger]))))
    return { result, lines }
  })

/** Every span started while `effect` runs. */
export const captureSpans = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    const result = yield* Effect.result(effect.pipe(Effect.provideService(Tracer.Tracer, tracer)))
    return { result, spans }
  })
