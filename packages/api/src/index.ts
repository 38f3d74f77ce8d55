/**
 * `@fulcrum/api`: Fulcrum's HTTP API as one definition (Lever webhooks, the provider's result callback,
 * the admin API, Connect to Lever, health probes) with typed errors, and a typed client derived from it.
 * Hosts implement it (`@fulcrum/http-host`); clients call it with `FulcrumClient`.
 *
 * @since 0.1.0
 */

/** What happened: candidates and their timelines, events and replay, the provider's result callback. @since 0.1.0 */
export * as ActivityGroup from "./ActivityGroup.ts"
/** What the admin API returns about candidates and events. @since 0.1.0 */
export * as ActivityModels from "./ActivityModels.ts"
/** Admin authentication as part of the contract. @since 0.1.0 */
export * as AdminAuth from "./AdminAuth.ts"
/** Every error the API answers with. @since 0.1.0 */
export * as ApiErrors from "./ApiErrors.ts"
/** The whole HTTP API of Fulcrum as one definition. @since 0.1.0 */
export * as FulcrumApi from "./FulcrumApi.ts"
/** A typed client of the whole API, derived from {@link FulcrumApi}. @since 0.1.0 */
export * as FulcrumClient from "./FulcrumClient.ts"
/** Probes for orchestrators. @since 0.1.0 */
export * as HealthGroup from "./HealthGroup.ts"
export * as HealthModels from "./HealthModels.ts"
/** A point in time as the API's JSON carries it. @since 0.1.0 */
export * as IsoTime from "./IsoTime.ts"
/** "Connect to Lever" with OAuth. @since 0.1.0 */
export * as LeverConnectGroup from "./LeverConnectGroup.ts"
/** What the admin API sends and returns about job postings. @since 0.2.0 */
export * as PostingModels from "./PostingModels.ts"
/** The admin API of assessment routing by job posting. @since 0.2.0 */
export * as PostingsGroup from "./PostingsGroup.ts"
/** A request that does not match the definition is a JSON 400 `InvalidRequest` listing every failing path. @since 0.1.0 */
export * as RequestValidation from "./RequestValidation.ts"
/** What the admin API sends and returns about a team's setup. @since 0.1.0 */
export * as TeamModels from "./TeamModels.ts"
/** The admin API of a team's setup, in checklist order. @since 0.1.0 */
export * as TeamsGroup from "./TeamsGroup.ts"
/** Lever's webhooks, one URL per webhook and team. @since 0.1.0 */
export * as WebhooksGroup from "./WebhooksGroup.ts"
