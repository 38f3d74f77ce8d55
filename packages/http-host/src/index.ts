/**
 * `@fulcrum/http-host`: serves `@fulcrum/api` — Lever's webhooks, the provider's result callback, the
 * admin API, Connect to Lever, `/openapi.json`, `/docs`, `/healthz` and `/readyz` — over the core's use
 * cases. `fulcrum-http` runs it as a process; embedders compose `HttpHost.layerRoutes`.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as ActivityHandlers from "./ActivityHandlers.ts"
/** @since 0.1.0 */
export * as AdminAuthLayer from "./AdminAuthLayer.ts"
/** How core outcomes and errors become HTTP answers (webhook receipts and statuses, API errors). @since 0.1.0 */
export * as CoreAnswers from "./CoreAnswers.ts"
/** @since 0.1.0 */
export * as Compression from "./Compression.ts"
/** @since 0.1.0 */
export * as Fallback from "./Fallback.ts"
/** @since 0.1.0 */
export * as HealthHandlers from "./HealthHandlers.ts"
/** @since 0.1.0 */
export * as HostOptions from "./HostOptions.ts"
/** @since 0.1.0 */
export * as HostConfig from "./HostConfig.ts"
/** @since 0.1.0 */
export * as HttpHost from "./HttpHost.ts"
/** @since 0.1.0 */
export * as HttpHostProcess from "./HttpHostProcess.ts"
/** @since 0.1.0 */
export * as LeverConnectHandlers from "./LeverConnectHandlers.ts"
/** @since 0.2.0 */
export * as PostingHandlers from "./PostingHandlers.ts"
/** @since 0.1.0 */
export * as RequestValidationLayer from "./RequestValidationLayer.ts"
/** @since 0.1.0 */
export * as TeamHandlers from "./TeamHandlers.ts"
/** @since 0.1.0 */
export * as WebhookHandlers from "./WebhookHandlers.ts"
