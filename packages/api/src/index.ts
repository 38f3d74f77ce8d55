/**
 * `@fulcrum/api`: Fulcrum's HTTP API as one definition (Lever webhooks, the provider's result callback,
 * the admin API, Connect to Lever, health probes) with typed errors, and a typed client derived from it.
 * Hosts implement it (`@fulcrum/http-host`); clients call it with `FulcrumClient`.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as ActivityGroup from "./ActivityGroup.ts"
/** @since 0.1.0 */
export * as ActivityModels from "./ActivityModels.ts"
/** @since 0.1.0 */
export * as AdminAuth from "./AdminAuth.ts"
/** @since 0.1.0 */
export * as ApiErrors from "./ApiErrors.ts"
/** @since 0.1.0 */
export * as FulcrumApi from "./FulcrumApi.ts"
/** @since 0.1.0 */
export * as FulcrumClient from "./FulcrumClient.ts"
/** @since 0.1.0 */
export * as HealthGroup from "./HealthGroup.ts"
export * as HealthModels from "./HealthModels.ts"
/** @since 0.1.0 */
export * as IsoTime from "./IsoTime.ts"
/** @since 0.1.0 */
export * as LeverConnectGroup from "./LeverConnectGroup.ts"
/** @since 0.2.0 */
export * as PostingModels from "./PostingModels.ts"
/** @since 0.2.0 */
export * as PostingsGroup from "./PostingsGroup.ts"
/** @since 0.1.0 */
export * as RequestValidation from "./RequestValidation.ts"
/** @since 0.1.0 */
export * as TeamModels from "./TeamModels.ts"
/** @since 0.1.0 */
export * as TeamsGroup from "./TeamsGroup.ts"
/** @since 0.1.0 */
export * as WebhooksGroup from "./WebhooksGroup.ts"
