/**
 * `@fulcrum/lever-sandbox`: a runnable fake Lever faithful to Lever's API (stages, archive reasons, tags,
 * opportunities, notes, webhooks, OAuth), with signed webhooks, rate limiting and fault injection.
 *
 * Start with `LeverSandbox.layer(options)` (Effect), `LeverSandbox.start(options)` (Promise) or the
 * `fulcrum-lever-sandbox` CLI.
 *
 * @since 0.1.0
 */

/**
 * The sandbox service, its layer, `start`, and the well-known seeded keys and ids.
 *
 * @since 0.1.0
 */
export * as LeverSandbox from "./LeverSandbox.ts"

/**
 * The control handle (Effect and Promise variants).
 *
 * @since 0.1.0
 */
export * as Control from "./Control.ts"

/**
 * Sandbox options and their defaults.
 *
 * @since 0.1.0
 */
export * as SandboxOptions from "./SandboxOptions.ts"

/**
 * The seeded account: stages, archive reasons, tags, candidates, API keys, OAuth client.
 *
 * @since 0.1.0
 */
export * as Seed from "./Seed.ts"

/**
 * Lever's webhook signature (`sign`, `verify`, `randomToken`).
 *
 * @since 0.1.0
 */
export * as Signature from "./Signature.ts"

/**
 * Lever permission names.
 *
 * @since 0.1.0
 */
export * as Permission from "./Permission.ts"

/**
 * Lever-style errors (`{code, message}`).
 *
 * @since 0.1.0
 */
export * as LeverError from "./LeverError.ts"

/**
 * Opaque `next`/`offset` pagination.
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.ts"

/**
 * Wire schemas: stages, archive reasons, tags, opportunities, notes, webhooks, API keys, deliveries.
 *
 * @since 0.1.0
 */
export * as Stage from "./Stage.ts"

/**
 * @since 0.1.0
 */
export * as ArchiveReason from "./ArchiveReason.ts"

/**
 * @since 0.1.0
 */
export * as Tag from "./Tag.ts"

/**
 * @since 0.1.0
 */
export * as Opportunity from "./Opportunity.ts"

/**
 * Job postings and the applications that tie candidates to them.
 *
 * @since 0.2.0
 */
export * as Posting from "./Posting.ts"

/**
 * @since 0.1.0
 */
export * as Note from "./Note.ts"

/**
 * @since 0.1.0
 */
export * as Webhook from "./Webhook.ts"

/**
 * @since 0.1.0
 */
export * as ApiKey from "./ApiKey.ts"

/**
 * @since 0.1.0
 */
export * as Delivery from "./Delivery.ts"

/**
 * The services a sandbox is made of (for embedding its routes in another server).
 *
 * @since 0.1.0
 */
export * as Account from "./Account.ts"

/**
 * @since 0.1.0
 */
export * as Auth from "./Auth.ts"

/**
 * @since 0.1.0
 */
export * as Faults from "./Faults.ts"

/**
 * @since 0.1.0
 */
export * as OAuth from "./OAuth.ts"

/**
 * @since 0.1.0
 */
export * as Principal from "./Principal.ts"

/**
 * @since 0.1.0
 */
export * as RateLimiter from "./RateLimiter.ts"

/**
 * @since 0.1.0
 */
export * as RequestLog from "./RequestLog.ts"

/**
 * @since 0.1.0
 */
export * as Settings from "./Settings.ts"

/**
 * @since 0.1.0
 */
export * as Store from "./Store.ts"

/**
 * @since 0.1.0
 */
export * as WebhookSender from "./WebhookSender.ts"

/**
 * The HTTP routes: the Lever API (`/v1`), OAuth (`/oauth`) and the control endpoints (`/_sandbox`).
 *
 * @since 0.1.0
 */
export * as Routes from "./Routes.ts"

/**
 * @since 0.1.0
 */
export * as OAuthRoutes from "./OAuthRoutes.ts"

/**
 * @since 0.1.0
 */
export * as ControlRoutes from "./ControlRoutes.ts"
