/**
 * Operator choices the use cases read, with safe defaults. Hosts override them from configuration with
 * `Layer.succeed(Policy.Policy, {...})`.
 *
 * @since 0.1.0
 */
import { Context } from "effect"

/** The operator's choices that apply to every team. @since 0.1.0 */
export interface PolicyShape {
  /** Whether a team may point at a custom Lever base URL (e.g. the sandbox package). */
  readonly allowCustomLeverUrl: boolean
  /** How many runs of an event may fail before it is dead. */
  readonly maxAttempts: number
  /**
   * How many runs of an event may end without an outcome (handed back on a graceful stop, the worker
   * killed or crashed, its lease lost) before it is dead. Larger than `maxAttempts`: restarts and deployments interrupt healthy events, and
   * only an event that keeps taking its worker down with it should run out of this budget.
   */
  readonly maxInterruptions: number
  /** First retry delay; doubles each attempt, with jitter, up to `maxRetryDelayMs`. */
  readonly baseRetryDelayMs: number
  readonly maxRetryDelayMs: number
}

/**
 * The defaults: production Lever only, 8 failed runs (delays doubling from 2 s: about 2–4 minutes) or 50
 * interrupted ones.
 *
 * @since 0.1.0
 */
export const defaults: PolicyShape = {
  allowCustomLeverUrl: false,
  maxAttempts: 8,
  maxInterruptions: 50,
  baseRetryDelayMs: 2_000,
  maxRetryDelayMs: 300_000
}

/** The `Policy` in context; `defaults` when none is provided. @since 0.1.0 */
export const Policy = Context.Reference<PolicyShape>("@fulcrum/core/Policy", { defaultValue: () => defaults })
