/**
 * The scaffolding every contract kit shares: one build of the adapter's layer for the whole suite, on the
 * live clock, with an optional timeout for each test and for building and closing the layer; and ids
 * unique to the run, so a suite also passes against a store that already holds data.
 *
 * @internal
 */
import { layer } from "@effect/vitest"
import type { Vitest } from "@effect/vitest"
import { Ids } from "@fulcrum/domain"
import type { Layer } from "effect"
import { Hex } from "effect/encoding"

/**
 * Tuning of a suite run.
 *
 * @since 0.1.0
 */
export interface SuiteOptions {
  /** Milliseconds each test, and building or closing the layer, may take (slow databases). */
  readonly timeout?: number
}

/** A team id no other test, suite or run uses: `contract-<label>-<uuid>`. @internal */
export const teamIdFor = (label: string): Ids.TeamId => Ids.TeamId.make(`contract-${label}-${crypto.randomUUID()}`)

/** Eight random hex digits naming one suite run, for the ids the suite creates. @internal */
export const runId = (): string => Hex.encode(globalThis.crypto.getRandomValues(new Uint8Array(4)))

/**
 * Registers `name` as a `describe` block whose tests share one build of `layer_`, without the test
 * services (the live clock: adapters may sleep or talk to a database). `timeout`, when given, bounds
 * building and closing the layer, and `tests` receives it to pass to each test.
 *
 * @internal
 */
export const describeShared = <R, E>(
  name: string,
  layer_: Layer.Layer<R, E>,
  timeout: number | undefined,
  tests: (it: Vitest.MethodsNonLive<R>, timeout: number | undefined) => void
): void =>
  layer(layer_, { excludeTestServices: true, ...(timeout === undefined ? {} : { timeout }) })(
    name,
    (it) => tests(it, timeout)
  )

/**
 * The `suite(name, layer, options)` of a store kit: registers the kit's tests against the adapter's layer.
 *
 * @since 0.1.0
 */
export type Suite<R> = (name: string, layer: Layer.Layer<R, unknown, never>, options?: SuiteOptions) => void

/**
 * Makes a store kit's `suite` from its tests, which receive `it` (over the shared layer) and the timeout
 * to pass to each test.
 *
 * @internal
 */
export const suiteOf = <R>(
  tests: (it: Vitest.MethodsNonLive<R>, timeout: number | undefined) => void
): Suite<R> =>
(name, layer_, options) => describeShared(name, layer_, options?.timeout, tests)
