/**
 * Reads a raw Lever webhook body into its envelope without ever throwing. The host already bounded the
 * body's size; what is left is attacker-controlled text, so every failure becomes a typed rejection whose
 * message names the faulty field and never repeats the body (or any token in it).
 *
 * Only the envelope is read here. `data` stays `unknown` until the signature is checked, so an unsigned
 * request learns nothing about which `data` shapes Fulcrum accepts.
 *
 * @since 0.1.0
 */
import { SignatureVerifier } from "@fulcrum/core"
import { WebhookEvent } from "@fulcrum/domain"
import { Effect, Result, Schema } from "effect"
import { describeIssue } from "./internal/describeIssue.ts"

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

const JsonObject = Schema.fromJsonString(Schema.Record(Schema.String, Schema.Unknown))

// Lever's body always carries both; an absent, null or empty one is "unsigned", not "wrongly signed".
const isAbsent = (value: unknown): boolean => value === undefined || value === null || value === ""

/**
 * Parses the raw body: not JSON or not an object → `MalformedWebhook`; no `signature` or `token` →
 * `MissingSignature`; an envelope field of the wrong type → `MalformedWebhook` naming the field(s).
 *
 * @example
 * ```ts
 * import { WebhookBody } from "@fulcrum/signature-lever"
 *
 * WebhookBody.parse("{oops") // fails with MalformedWebhook("the body is not valid JSON")
 * WebhookBody.parse(JSON.stringify({ triggeredAt: 1, event: "candidateStageChange", data: {}, token: "t" }))
 * // fails with MissingSignature("the body has no signature")
 * ```
 *
 * @since 0.1.0
 */
export const parse = (
  rawBody: string
): Effect.Effect<WebhookEvent.Envelope, SignatureVerifier.MalformedWebhook | SignatureVerifier.MissingSignature> => {
  const json = Schema.decodeUnknownResult(JsonObject)(rawBody)
  if (Result.isFailure(json)) {
    // Tell "not JSON at all" from "JSON, but not an object" without echoing either.
    const isJson = Result.isSuccess(Schema.decodeUnknownResult(Schema.fromJsonString(Schema.Unknown))(rawBody))
    return Effect.fail(
      new SignatureVerifier.MalformedWebhook({
        message: isJson ? "the body is not a JSON object" : "the body is not valid JSON"
      })
    )
  }
  const body = json.success
  if (isAbsent(body["signature"])) {
    return Effect.fail(new SignatureVerifier.MissingSignature({ message: "the body has no signature" }))
  }
  if (isAbsent(body["token"])) {
    return Effect.fail(new SignatureVerifier.MissingSignature({ message: "the body has no token" }))
  }
  const envelope = Schema.decodeUnknownResult(LeverEnvelope)(body, { errors: "all" })
  return Result.isSuccess(envelope)
    ? Effect.succeed(envelope.success)
    : Effect.fail(
      new SignatureVerifier.MalformedWebhook({
        message: `the body is not a Lever webhook envelope: ${describeIssue(envelope.failure.issue)}`
      })
    )
}
