/**
 * `@fulcrum/lever-sandbox`: a runnable fake Lever faithful to Lever's API (stages, archive reasons, tags,
 * opportunities, notes, webhooks, OAuth), with signed webhooks, rate limiting and fault injection.
 *
 * Start with `LeverSandbox.layer(options)` (Effect), `LeverSandbox.start(options)` (Promise) or the
 * `fulcrum-lever-sandbox` CLI; or use the same account model without a server as `@fulcrum/core`'s
 * `LeverApi` with `InProcess.layer(options)`.
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

/** An archive reason, as `GET /archive_reasons` returns it. @since 0.1.0 */
export * as ArchiveReason from "./ArchiveReason.ts"

/** A tag, as `GET /tags` returns it. @since 0.1.0 */
export * as Tag from "./Tag.ts"

/** An opportunity (a candidate in a pipeline), as `GET /opportunities/:id` returns it, and the bodies of the endpoints that change one. @since 0.1.0 */
export * as Opportunity from "./Opportunity.ts"

/**
 * Job postings and the applications that tie candidates to them.
 *
 * @since 0.2.0
 */
export * as Posting from "./Posting.ts"

/** A note on an opportunity and the body of `POST /opportunities/:id/notes`. @since 0.1.0 */
export * as Note from "./Note.ts"

/** Webhook registrations (`/webhooks`) and the bodies the sandbox delivers to them. @since 0.1.0 */
export * as Webhook from "./Webhook.ts"

/** Lever API keys: a secret used as the Basic-auth username, fixed permissions and a fixed "access to confidential data" flag. @since 0.1.0 */
export * as ApiKey from "./ApiKey.ts"

/** The sandbox's webhook delivery history, like the history (with "Rerun") in Lever's webhook settings. @since 0.1.0 */
export * as Delivery from "./Delivery.ts"

/**
 * The services a sandbox is made of (for embedding its routes in another server).
 *
 * @since 0.1.0
 */
export * as Account from "./Account.ts"

/** Authentication and authorization of API calls: HTTP Basic with the API key as the username (password empty), or `Authorization: Bearer <OAuth… @since 0.1.0 */
export * as Auth from "./Auth.ts"

/** Fault injection: make API requests fail or slow down, and make webhook deliveries go missing, arrive twice or arrive in reverse order. @since 0.1.0 */
export * as Faults from "./Faults.ts"

/** Lever's partner OAuth (authorization code with refresh tokens), faked: `/oauth/authorize` consents automatically and redirects back with a code,… @since 0.1.0 */
export * as OAuth from "./OAuth.ts"

/** Who is calling the API: an API key or an OAuth grant, with the permissions it holds. @since 0.1.0 */
export * as Principal from "./Principal.ts"

/** Lever's rate limit: a token bucket per API key (or per OAuth grant), 10 requests per second steady and bursts of 20 by default. @since 0.1.0 */
export * as RateLimiter from "./RateLimiter.ts"

/** Every API request the sandbox answered: who (API key or OAuth grant), what, and the status. @since 0.1.0 */
export * as RequestLog from "./RequestLog.ts"

/** The sandbox settings that can change while it runs (through the control handle): the notes response shape, the encoding of `next` tokens,… @since 0.1.0 */
export * as Settings from "./Settings.ts"

/** The sandbox's in-memory Lever account: stages, archive reasons, opportunities (with their tags), notes, webhooks and API keys. @since 0.1.0 */
export * as Store from "./Store.ts"

/** Outbound webhooks, delivered the way Lever delivers them: a `POST` per registered webhook with `Content-Type: application/json` and `User-Agent:… @since 0.1.0 */
export * as WebhookSender from "./WebhookSender.ts"

/**
 * The HTTP routes: the Lever API (`/v1`), OAuth (`/oauth`) and the control endpoints (`/_sandbox`).
 *
 * @since 0.1.0
 */
export * as Routes from "./Routes.ts"

/** The OAuth endpoints, at the server root (Lever serves them from its auth host): `GET /oauth/authorize` (auto-consent, 302 back to `redirect_uri`… @since 0.1.0 */
export * as OAuthRoutes from "./OAuthRoutes.ts"

/** The control handle over HTTP, under `/_sandbox`, for tests running in another process. @since 0.1.0 */
export * as ControlRoutes from "./ControlRoutes.ts"

/** `@fulcrum/core`'s `LeverApi` answered in-process by the sandbox's account model (no server): the in-memory Lever of tests. @since 0.2.0 */
export * as InProcess from "./InProcess.ts"
