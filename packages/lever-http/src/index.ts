/**
 * `@fulcrum/lever-http`: the `LeverApi` and `LeverAuthorization` ports of `@fulcrum/core` over HTTP.
 *
 * @since 0.1.0
 */
export * as LeverHttp from "./LeverHttp.ts"
export * as LeverHttpOptions from "./LeverHttpOptions.ts"
export * as LeverOAuthHttp from "./LeverOAuthHttp.ts"
