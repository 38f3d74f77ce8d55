/**
 * The `SignatureVerifier` port: proves a webhook came from the team's Lever account before anything is
 * stored. Adapter: `@fulcrum/signature-lever` (Lever's HMAC of token + triggeredAt, tolerance window,
 * replay detection). Every rejection is typed and carries no secret.
 *
 * @since 0.1.0
 */
import type { Ids, Lever, Setup, WebhookEvent } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect } from "effect"
import type { StoreError } from "./StoreError.ts"

/** A webhook as received over HTTP. @since 0.1.0 */
export interface IncomingWebhook {
  readonly teamId: Ids.TeamId
  readonly webhook: Lever.WebhookKind
  readonly rawBody: string
  readonly receivedAt: number
}

/**
 * A webhook whose signature and age were checked, and whose data fits its event: everything but whether
 * its token was seen before. @since 0.1.0
 */
export interface AuthenticatedWebhook {
  readonly teamId: Ids.TeamId
  readonly webhook: Lever.WebhookKind
  readonly envelope: WebhookEvent.Envelope
  readonly payload: WebhookEvent.WebhookPayload
  /** The team's settings as read to verify the webhook, so receiving it reads them only once. */
  readonly settings: Setup.TeamSettings
}

/** A webhook whose signature, age and freshness were checked. @since 0.1.0 */
export interface VerifiedWebhook extends AuthenticatedWebhook {
  /** True when this token was seen before: a duplicate delivery, acknowledged without new work. */
  readonly duplicate: boolean
}

/** The body is not JSON or not a Lever webhook. @since 0.1.0 */
export class MalformedWebhook extends Schema.TaggedError<MalformedWebhook>()("MalformedWebhook", {
  message: Schema.String
}) {}

/** The body has no signature or token. @since 0.1.0 */
export class MissingSignature extends Schema.TaggedError<MissingSignature>()("MissingSignature", {
  message: Schema.String
}) {}

/** The signature does not match the team's signing token. @since 0.1.0 */
export class BadSignature extends Schema.TaggedError<BadSignature>()("BadSignature", {
  message: Schema.String
}) {}

/** `triggeredAt` is outside the tolerance window (too old, or too far in the future). @since 0.1.0 */
export class StaleWebhook extends Schema.TaggedError<StaleWebhook>()("StaleWebhook", {
  triggeredAt: Schema.Number,
  receivedAt: Schema.Number,
  message: Schema.String
}) {}

/** No such team. @since 0.1.0 */
export class UnknownTeam extends Schema.TaggedError<UnknownTeam>()("UnknownTeam", {
  teamId: Schema.String
}) {}

/** The team has not submitted the signing token of this webhook yet. @since 0.1.0 */
export class TokenNotSubmitted extends Schema.TaggedError<TokenNotSubmitted>()("TokenNotSubmitted", {
  webhook: Schema.String,
  message: Schema.String
}) {}

/** Every rejection. @since 0.1.0 */
export type WebhookRejection =
  | MalformedWebhook
  | MissingSignature
  | BadSignature
  | StaleWebhook
  | UnknownTeam
  | TokenNotSubmitted

/** The port that proves a webhook came from the team's Lever. @since 0.1.0 */
export class SignatureVerifier extends Context.Service<SignatureVerifier, {
  readonly verify: (webhook: IncomingWebhook) => Effect.Effect<VerifiedWebhook, WebhookRejection | StoreError>
  /**
   * The same checks in the same order, without asking whether the token was seen before: for a caller
   * that stores the event with an insert that refuses a repeated token (`EventInbox.accept`), where
   * that question would be a second round trip answering what the insert answers anyway.
   */
  readonly authenticate: (
    webhook: IncomingWebhook
  ) => Effect.Effect<AuthenticatedWebhook, WebhookRejection | StoreError>
}>()("@fulcrum/core/SignatureVerifier") {}
