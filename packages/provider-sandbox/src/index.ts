/**
 * `@fulcrum/provider-sandbox`: a runnable reference assessment provider for Fulcrum's provider protocol
 * `v1`, for tests, demos (the quickstart runs it in-process) and vendors who want to see a working
 * provider before writing theirs.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Faults from "./Faults.ts"
/** @since 0.1.0 */
export * as Pages from "./Pages.ts"
/** @since 0.1.0 */
export * as ProviderSandbox from "./ProviderSandbox.ts"
/** @since 0.1.0 */
export * as Store from "./Store.ts"
/** @since 0.1.0 */
export * as WebhookSender from "./WebhookSender.ts"
