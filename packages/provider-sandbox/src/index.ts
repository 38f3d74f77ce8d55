/**
 * `@fulcrum/provider-sandbox`: a runnable reference assessment provider for Fulcrum's provider protocol
 * `v1`, for tests, demos (the quickstart runs it in-process) and vendors who want to see a working
 * provider before writing theirs.
 *
 * @since 0.1.0
 */

/** Fault injection for the provider API: error statuses, 429 with Retry-After, slow answers, dropped connections. @since 0.1.0 */
export * as Faults from "./Faults.ts"
/** The candidate's invite page (start, submit) and the report page. @since 0.1.0 */
export * as Pages from "./Pages.ts"
/** Starts the reference provider (`start`, `layer`) and what a running one exposes. @since 0.1.0 */
export * as ProviderSandbox from "./ProviderSandbox.ts"
/** The sandbox provider's invites, per idempotency key, and its counts. @since 0.1.0 */
export * as Store from "./Store.ts"
/** The signed, retried result webhooks to Fulcrum. @since 0.1.0 */
export * as WebhookSender from "./WebhookSender.ts"
