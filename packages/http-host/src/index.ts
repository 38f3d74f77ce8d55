/**
 * `@fulcrum/http-host`: serves `@fulcrum/api` — Lever's webhooks, the provider's result callback, the
 * admin API, Connect to Lever, `/openapi.json`, `/docs`, `/healthz`, `/readyz` and the settings page at `/` — over the core's
 * use cases. `fulcrum-http` runs it as a process; embedders compose `HttpHost.layerRoutes`.
 *
 * @since 0.1.0
 */

/** The handlers of the activity group: candidates, events and replay, the provider's result callback. @since 0.1.0 */
export * as ActivityHandlers from "./ActivityHandlers.ts"
/** The host's admin authentication. @since 0.1.0 */
export * as AdminAuthLayer from "./AdminAuthLayer.ts"
/** How core outcomes and errors become HTTP answers (webhook receipts and statuses, API errors). @since 0.1.0 */
export * as CoreAnswers from "./CoreAnswers.ts"
/** Response compression, for any route of a host (the API, `/docs`, a settings page's static assets). @since 0.1.0 */
export * as Compression from "./Compression.ts"
/** What the API definition does not answer by itself. @since 0.1.0 */
export * as Fallback from "./Fallback.ts"
/** `/healthz` answers while the process runs. @since 0.1.0 */
export * as HealthHandlers from "./HealthHandlers.ts"
/** What the HTTP host needs to know about where it runs. @since 0.1.0 */
export * as HostOptions from "./HostOptions.ts"
/** How a host logs (JSON lines at a level, no spans recorded), `fulcrum-http`'s and the embedded one's. @since 0.2.0 */
export * as HostLogging from "./HostLogging.ts"
/** The HTTP host's configuration, read from the environment and checked before anything listens. @since 0.1.0 */
export * as HostConfig from "./HostConfig.ts"
/** The HTTP host as Layers. @since 0.1.0 */
export * as HttpHost from "./HttpHost.ts"
/** `fulcrum-http` as Layers. @since 0.1.0 */
export * as HttpHostProcess from "./HttpHostProcess.ts"
/** Connect to Lever (OAuth). @since 0.1.0 */
export * as LeverConnectHandlers from "./LeverConnectHandlers.ts"
/** The admin API of routing by job posting. @since 0.2.0 */
export * as PostingHandlers from "./PostingHandlers.ts"
/** Answers a request that does not match the API definition with a JSON 400 listing every failing path. @since 0.1.0 */
export * as RequestValidationLayer from "./RequestValidationLayer.ts"
/** The settings page beside the API (CSP, precompressed assets). @since 0.1.0 */
export * as SettingsPage from "./SettingsPage.ts"
/** The admin API of a team's setup. @since 0.1.0 */
export * as TeamHandlers from "./TeamHandlers.ts"
/** Lever's webhook acks answered in Node's `request` event, ahead of Effect's HTTP server (ADR 0014). @since 0.2.0 */
export * as WebhookFastPath from "./WebhookFastPath.ts"
/** Lever's webhooks. @since 0.1.0 */
export * as WebhookHandlers from "./WebhookHandlers.ts"
/** The webhook routes, served ahead of the API's endpoint machinery. @since 0.2.0 */
export * as WebhookRoutes from "./WebhookRoutes.ts"
