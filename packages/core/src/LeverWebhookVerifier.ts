/**
 * Lever's webhook verification, once: the pipeline that both `SignatureVerifier`s run, the in-memory one
 * (`SignatureVerifierMemory`) and the production one (`@fulcrum/signature-lever`). An implementation only
 * chooses its span name, its tolerance window and how two hex signatures are compared in constant time.
 *
 * Lever signs only `token + triggeredAt`, so a valid signature proves the delivery was minted by the
 * team's Lever account, not that the body is unaltered or fresh. The pipeline therefore also bounds
 * `triggeredAt` to a tolerance window and flags a token seen before as a duplicate; the worker re-reads the
 * opportunity from Lever before acting.
 *
 * Check order (each step runs only when the previous ones passed):
 *
 * 1. the team id is one a team can have, and the team exists → `UnknownTeam` (an impossible id, such as
 *    one with a NUL in it, without asking the store);
 * 2. the webhook's signing token was submitted → `TokenNotSubmitted`;
 * 3. the envelope parses → `MalformedWebhook` / `MissingSignature`;
 * 4. the signature matches → `BadSignature`;
 * 5. `triggeredAt` is inside the window → `StaleWebhook`;
 * 6. the token was seen before → success with `duplicate: true` (`verify` only: `authenticate` leaves the
 *    question to the insert that stores the event, which refuses a repeated token anyway);
 * 7. `data` decodes for the event → `MalformedWebhook`.
 *
 * Nothing after step 4 is observable without a valid signature: an unsigned request cannot probe the
 * window, the token memory, or which `data` shapes are accepted. No rejection, log line or span attribute
 * repeats a signing token, a signature, a delivery token or the body.
 *
 * @since 0.1.0
 */
import type { Lever } from "@fulcrum/domain"
import { Ids, WebhookEvent } from "@fulcrum/domain"
import { Effect, Option, Result, Schema, SchemaIssue } from "effect"
import * as LeverSignature from "./LeverSignature.ts"
import { ConfigStore, signingTokenName } from "./ports/ConfigStore.ts"
import { EventInbox } from "./ports/EventInbox.ts"
import {
  BadSignature,
  MalformedWebhook,
  MissingSignature,
  SignatureVerifier,
  StaleWebhook,
  TokenNotSubmitted,
  UnknownTeam
} from "./ports/SignatureVerifier.ts"
import type {
  AuthenticatedWebhook,
  IncomingWebhook,
  VerifiedWebhook,
  WebhookRejection
} from "./ports/SignatureVerifier.ts"
import type { StoreError } from "./ports/StoreError.ts"

/** How far `triggeredAt` may lie from `receivedAt`, in whole seconds; both optional. @since 0.1.0 */
export interface ToleranceOptions {
  /** How old a delivery may be; default 300. */
  readonly pastToleranceSeconds?: number
  /** How far ahead of the receiving clock it may be (clock skew); default 60. */
  readonly futureToleranceSeconds?: number
}

/** The default tolerance: Lever retries within minutes, and clocks drift by seconds. @since 0.1.0 */
export const defaultTolerance = { pastToleranceSeconds: 300, futureToleranceSeconds: 60 } as const

/** A window in milliseconds (the unit of `triggeredAt`). @since 0.1.0 */
export interface ToleranceWindow {
  readonly pastMs: number
  readonly futureMs: number
}

/**
 * The window of the given tolerances, defaults filled in. It does not validate them: an adapter that takes
 * them from its users checks them first (`@fulcrum/signature-lever`'s `ToleranceWindow.make`).
 *
 * @example
 * ```ts
 * LeverWebhookVerifier.windowOf({ pastToleranceSeconds: 120 }) // { pastMs: 120_000, futureMs: 60_000 }
 * ```
 *
 * @since 0.1.0
 */
export const windowOf = (options: ToleranceOptions = {}): ToleranceWindow => ({
  pastMs: (options.pastToleranceSeconds ?? defaultTolerance.pastToleranceSeconds) * 1000,
  futureMs: (options.futureToleranceSeconds ?? defaultTolerance.futureToleranceSeconds) * 1000
})

/**
 * Where `triggeredAt` falls relative to `receivedAt`. The edges are inside: a delivery exactly `pastMs`
 * old, or exactly `futureMs` ahead, is `"inside"`.
 *
 * @example
 * ```ts
 * const window = LeverWebhookVerifier.windowOf()
 * LeverWebhookVerifier.locate(window, { triggeredAt: 0, receivedAt: 300_000 }) // => "inside"
 * LeverWebhookVerifier.locate(window, { triggeredAt: 0, receivedAt: 300_001 }) // => "tooOld"
 * ```
 *
 * @since 0.1.0
 */
export const locate = (
  window: ToleranceWindow,
  times: { readonly triggeredAt: number; readonly receivedAt: number }
): "inside" | "tooOld" | "tooNew" => {
  const age = times.receivedAt - times.triggeredAt
  if (age > window.pastMs) return "tooOld"
  if (-age > window.futureMs) return "tooNew"
  return "inside"
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

type PathSegment = PropertyKey | { readonly key: PropertyKey }

const pathOf = (path: ReadonlyArray<PathSegment>): string =>
  path.map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".")

/**
 * One `path: message` per failing field, joined by `; `, for rejection and option-error messages.
 *
 * Effect's default messages say what was expected ("Expected number", "Missing key") and include the
 * offending value only for schemas that opt in with `reportInput`, which none of Fulcrum's do: a rejected
 * webhook's token or signature never ends up in an error message this way.
 *
 * @example
 * ```ts
 * LeverWebhookVerifier.describeIssue(error.issue) // "triggeredAt: Expected number; data: Missing key"
 * ```
 *
 * @since 0.1.0
 */
export const describeIssue = (issue: SchemaIssue.Issue): string =>
  formatter(issue).issues
    .map(({ message, path }) => path === undefined || path.length === 0 ? message : `${pathOf(path)}: ${message}`)
    .join("; ")

/** The top-level fields an issue is about, each once, in the order the schema checked them. */
const faultyFields = (issue: SchemaIssue.Issue): ReadonlyArray<string> => {
  const fields = formatter(issue).issues.flatMap(({ path }) => path?.[0] === undefined ? [] : [pathOf([path[0]])])
  return [...new Set(fields)]
}

/**
 * The envelope as Fulcrum accepts it: the domain's `Envelope`, with `triggeredAt` narrowed to epoch
 * milliseconds (a non-negative safe integer). JSON allows `1e400` (Infinity) or fractions, whose decimal
 * string would be ambiguous to sign and meaningless to compare with a clock.
 *
 * @since 0.1.0
 */
export const LeverEnvelope = Schema.Struct({
  ...WebhookEvent.Envelope.fields,
  triggeredAt: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
})

const isTeamId = Schema.is(Ids.TeamId)

// Built once: a decoder made per call is rebuilt on every delivery, a measurable share of an ack's CPU.
const decodeEnvelope = Schema.decodeUnknownResult(LeverEnvelope)

/** The body as JSON, or `undefined` when it is not JSON (`JSON.parse` is what a JSON schema would run). */
const parseJson = (text: string): { readonly value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

/** A plain JSON object (not an array, not null): what `JSON.parse` gives for `{...}`. */
const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

// Lever's body always carries both; an absent, null or empty one is "unsigned", not "wrongly signed".
const isAbsent = (value: unknown): boolean => value === undefined || value === null || value === ""

/** The webhook (and so the URL and signing token) each acted-on event belongs to. */
const kindOfPayload: Partial<Record<WebhookEvent.WebhookPayload["_tag"], Lever.WebhookKind>> = {
  StageChanged: "stageChange",
  ArchiveChanged: "archiveChange",
  Deleted: "candidateDeleted"
}

/**
 * Reads a raw Lever webhook body into its envelope without ever throwing. The host already bounded the
 * body's size; what is left is attacker-controlled text, so every failure is a typed rejection whose
 * message names the faulty fields and never repeats the body (or any token in it): not JSON or not an
 * object → `MalformedWebhook`; no `signature` or `token` → `MissingSignature`; an envelope field of the
 * wrong type → `MalformedWebhook` naming the field(s) and what was expected.
 *
 * Only the envelope is read here. `data` stays `unknown` until the signature is checked, so an unsigned
 * request learns nothing about which `data` shapes Fulcrum accepts.
 *
 * @example
 * ```ts
 * LeverWebhookVerifier.parseEnvelope("{oops") // fails with MalformedWebhook("the body is not valid JSON")
 * LeverWebhookVerifier.parseEnvelope(
 *   JSON.stringify({ triggeredAt: 1, event: "candidateStageChange", data: {}, token: "t" })
 * ) // fails with MissingSignature("the body has no signature")
 * ```
 *
 * @since 0.1.0
 */
export const parseEnvelope = (
  rawBody: string
): Effect.Effect<WebhookEvent.Envelope, MalformedWebhook | MissingSignature> => {
  const json = parseJson(rawBody)
  if (json === undefined) return Effect.fail(new MalformedWebhook({ message: "the body is not valid JSON" }))
  const body = json.value
  if (!isJsonObject(body)) return Effect.fail(new MalformedWebhook({ message: "the body is not a JSON object" }))
  if (isAbsent(body["signature"])) return Effect.fail(new MissingSignature({ message: "the body has no signature" }))
  if (isAbsent(body["token"])) return Effect.fail(new MissingSignature({ message: "the body has no token" }))
  const envelope = decodeEnvelope(body, { errors: "all" })
  if (Result.isSuccess(envelope)) return Effect.succeed(envelope.success)
  const { issue } = envelope.failure
  const fields = faultyFields(issue)
  return Effect.fail(
    new MalformedWebhook({
      message: `the body is not a Lever webhook envelope: ${
        fields.length > 0 ? fields.join(", ") : "envelope"
      } missing or invalid (${describeIssue(issue)})`
    })
  )
}

/** What a call to `verify` ended with, as recorded on its span. @since 0.1.0 */
export type Outcome = "accepted" | "duplicate" | WebhookRejection["_tag"] | "StoreError"

/** What differs between two implementations of the pipeline. @since 0.1.0 */
export interface Implementation {
  /** The name of the span of each `verify` call, e.g. `SignatureVerifier.verify`. */
  readonly spanName: string
  /** The tolerance window on `triggeredAt`. */
  readonly window: ToleranceWindow
  /**
   * Compares the expected and the received signature, both 64 hex digits, in constant time; default
   * `LeverSignature.matches`.
   */
  readonly equals?: (expected: string, actual: string) => boolean
  /** Computes Lever's signature; default `LeverSignature.compute` (Web Crypto, any platform). */
  readonly digest?: LeverSignature.Digest
}

const seconds = (ms: number): string => `${ms / 1000} s`

const recordOutcome = (outcome: Outcome) => Effect.annotateCurrentSpan("fulcrum.outcome", outcome)

/**
 * Builds a `SignatureVerifier` over the `ConfigStore` (the team and its signing tokens) and the
 * `EventInbox` (the tokens seen) in context. Each `verify` runs in a span named `spanName` carrying
 * `fulcrum.team_id`, `fulcrum.webhook` and `fulcrum.outcome` (`accepted`, `duplicate`, or the rejection's
 * tag); `authenticate`, on every ack's path, makes no span of its own and records the same attributes on
 * its caller's (`ReceiveWebhook.receive`), as a span per check cost a measurable share of each ack. A
 * rejection is logged at debug level with identifiers and its tag only.
 *
 * @example
 * ```ts
 * const verifier = yield* LeverWebhookVerifier.make({
 *   spanName: "SignatureVerifier.verify",
 *   window: LeverWebhookVerifier.windowOf({ pastToleranceSeconds: 120 })
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function*(implementation: Implementation) {
  const config = yield* ConfigStore
  const inbox = yield* EventInbox
  const { digest, equals, window } = implementation

  /** Steps 1-7 of the module doc; step 6 only when `askSeen` (otherwise `duplicate` is undefined). */
  const check = Effect.fnUntraced(function*(incoming: IncomingWebhook, askSeen: boolean) {
    const { receivedAt, teamId, webhook } = incoming
    yield* Effect.annotateCurrentSpan({ "fulcrum.team_id": teamId, "fulcrum.webhook": webhook })

    // The id comes from the URL; one no team can have (a host that skipped decoding it) never reaches a
    // store, which might fail on it (PostgreSQL refuses a NUL) instead of answering "no such team".
    if (!isTeamId(teamId)) return yield* new UnknownTeam({ teamId })
    const { settings } = yield* config.get(teamId).pipe(
      Effect.catchTag("TeamNotFound", () => Effect.fail(new UnknownTeam({ teamId })))
    )

    const signingToken = yield* config.getSecret(teamId, signingTokenName(webhook))
    if (Option.isNone(signingToken)) {
      return yield* new TokenNotSubmitted({
        webhook,
        message: `the signing token of the ${webhook} webhook has not been submitted for this team`
      })
    }

    const envelope = yield* parseEnvelope(incoming.rawBody)

    if (!(yield* LeverSignature.verify(signingToken.value, envelope, equals, digest))) {
      return yield* new BadSignature({
        message: `the signature does not match the ${webhook} webhook's signing token`
      })
    }

    const { triggeredAt } = envelope
    const position = locate(window, { triggeredAt, receivedAt })
    if (position !== "inside") {
      const outside = position === "tooOld"
        ? `${seconds(receivedAt - triggeredAt)} before receipt; at most ${seconds(window.pastMs)} is accepted`
        : `${seconds(triggeredAt - receivedAt)} after receipt; at most ${
          seconds(window.futureMs)
        } of clock skew is accepted`
      return yield* new StaleWebhook({ triggeredAt, receivedAt, message: `triggeredAt is ${outside}` })
    }

    const duplicate = askSeen ? yield* inbox.seen(teamId, envelope.token) : undefined

    const payload = WebhookEvent.toPayload(envelope)
    if (Result.isFailure(payload)) {
      // The domain's message names the event and the field ("data.toStageId: Missing key"), no values.
      return yield* new MalformedWebhook({ message: `the data does not fit the event: ${payload.failure}` })
    }

    // `event` is not signed either: a stage change re-labelled as a deletion must not erase anyone.
    // Each webhook URL carries its own event; other events are only acknowledged.
    const arrivedOn = kindOfPayload[payload.success._tag]
    if (arrivedOn !== undefined && arrivedOn !== webhook) {
      return yield* new MalformedWebhook({
        message: `a ${envelope.event} event cannot arrive on the ${webhook} webhook's URL`
      })
    }

    const authenticated: AuthenticatedWebhook = { teamId, webhook, envelope, payload: payload.success, settings }
    return { authenticated, duplicate }
  })

  /** The span's outcome, and a debug line for a rejection. */
  const traced = <A>(outcomeOf: (a: A) => Outcome) =>
  <R>(effect: Effect.Effect<A, WebhookRejection | StoreError, R>, incoming: IncomingWebhook) =>
    effect.pipe(
      Effect.tap((a) => recordOutcome(outcomeOf(a))),
      Effect.tapError((error) =>
        recordOutcome(error._tag).pipe(
          // Identifiers and the tag only; the host's security log records the (secret-free) message.
          Effect.andThen(
            Effect.logDebug("webhook rejected", {
              teamId: incoming.teamId,
              webhook: incoming.webhook,
              reason: error._tag
            })
          )
        )
      )
    )

  const verify = Effect.fn(implementation.spanName)(
    function*(incoming: IncomingWebhook): Effect.fn.Return<VerifiedWebhook, WebhookRejection | StoreError> {
      const { authenticated, duplicate } = yield* check(incoming, true)
      return { ...authenticated, duplicate: duplicate === true }
    },
    traced((verified: VerifiedWebhook) => (verified.duplicate ? "duplicate" : "accepted"))
  )

  // No span of its own: it runs on every ack inside `ReceiveWebhook.receive`, whose span gets its attributes.
  const authenticate = Effect.fnUntraced(
    function*(incoming: IncomingWebhook): Effect.fn.Return<AuthenticatedWebhook, WebhookRejection | StoreError> {
      return (yield* check(incoming, false)).authenticated
    },
    traced((_: AuthenticatedWebhook) => "accepted" as const)
  )

  return SignatureVerifier.of({ verify, authenticate })
})
