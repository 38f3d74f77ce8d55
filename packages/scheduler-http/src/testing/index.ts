/**
 * `@fulcrum/scheduler-http/testing`: the provider conformance kit, for a vendor's own implementation of
 * the provider protocol.
 *
 * @since 0.1.0
 */

/** The provider conformance kit: vitest suites a vendor runs against their own provider. @since 0.1.0 */
export * as ProviderConformance from "./ProviderConformance.ts"
