/**
 * The host's Lever partner OAuth client: the client id and secret Lever issued, and the scopes "Connect
 * to Lever" asks for. Without a client, OAuth is off (`OAuthNotConfigured`) and teams connect with API
 * keys. Hosts provide it with `layerConfig` (from the environment) or `Layer.succeed(LeverOAuthConfig, ...)`.
 *
 * Lever issues separate clients for its sandbox environment: `sandboxClient`, when set, is used for
 * teams on Lever's sandbox; every other team (production, or a custom URL such as the sandbox package)
 * uses `client`.
 *
 * @since 0.1.0
 */
import { Lever, type Setup } from "@fulcrum/domain"
import { Context, Effect, Layer, Option, Schema } from "effect"
import * as EnvVariable from "./EnvVariable.ts"
import type { OAuthClient } from "./ports/LeverAuthorization.ts"

/** The OAuth clients registered with Lever and the scopes asked for. @since 0.1.0 */
export interface LeverOAuthConfigShape {
  readonly client: OAuthClient | null
  readonly sandboxClient: OAuthClient | null
  readonly scopes: ReadonlyArray<string>
}

/** The scope that makes Lever issue a refresh token: without it the connection dies within the hour. @since 0.1.0 */
export const offlineAccess = "offline_access"

/**
 * What "Connect to Lever" asks for: the runtime permissions, reading tags (the interview-type tag list),
 * changing a candidate's tags (progress tags), registering webhooks (Fulcrum keeps their signing tokens),
 * reading job postings (routing by posting) and `offline_access` for a refresh token. Lever only grants scopes registered for the client, so a partner
 * registers exactly these.
 *
 * @since 0.1.0
 */
export const defaultScopes: ReadonlyArray<string> = [
  ...new Set([
    ...Lever.runtimePermissions,
    ...Lever.setupPermissions,
    Lever.progressTagPermission,
    ...Lever.webhookPermissions,
    Lever.postingsPermission,
    offlineAccess
  ])
]

/** No client: OAuth is off. @since 0.1.0 */
export const notConfigured: LeverOAuthConfigShape = { client: null, sandboxClient: null, scopes: defaultScopes }

/** The OAuth configuration in context; not configured by default. @since 0.1.0 */
export const LeverOAuthConfig = Context.Reference<LeverOAuthConfigShape>("@fulcrum/core/LeverOAuthConfig", {
  defaultValue: () => notConfigured
})

/** The client for a team's Lever environment, or `null` when OAuth is not configured for it. @since 0.1.0 */
export const clientFor = (config: LeverOAuthConfigShape, environment: Setup.LeverEnvironment): OAuthClient | null =>
  environment._tag === "Sandbox" ? config.sandboxClient ?? config.client : config.client

/**
 * "Connect to Lever" is not available: the host has no Lever OAuth client for the team's environment.
 * The team can still connect with a permanent API key.
 *
 * @since 0.1.0
 */
export class OAuthNotConfigured extends Schema.TaggedError<OAuthNotConfigured>()("OAuthNotConfigured", {
  message: Schema.String
}) {}

/** The message of `OAuthNotConfigured` for an environment. @since 0.1.0 */
export const notConfiguredMessage = (environment: Setup.LeverEnvironment): string =>
  `Connect to Lever is not set up on this host for Lever ${
    environment._tag === "Sandbox" ? "sandbox" : environment._tag === "Production" ? "production" : "at a custom URL"
  }: the operator sets FULCRUM_LEVER_OAUTH_CLIENT_ID and FULCRUM_LEVER_OAUTH_CLIENT_SECRET (for Lever's sandbox, ` +
  `optionally FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_ID and FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_SECRET). Until then, ` +
  `submit a permanent API key.`

const { optional } = EnvVariable
const clientId = (name: string, meaning: string, shown?: string) => optional(EnvVariable.text(name, meaning, "the client id"), shown)
const clientSecret = (name: string, meaning: string, shown?: string) =>
  optional(EnvVariable.secret(name, meaning, "the client secret"), shown)
const production = {
  id: clientId(
    "FULCRUM_LEVER_OAUTH_CLIENT_ID",
    "The client id Lever issued. With its secret, \"Connect to Lever\" is offered; neither: OAuth is off (`OAuthNotConfigured`) and teams use API keys; one without the other stops the start naming the missing one."
  ),
  secret: clientSecret("FULCRUM_LEVER_OAUTH_CLIENT_SECRET", "Its secret (never logged).")
}
const sandbox = {
  id: clientId(
    "FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_ID",
    "The client Lever issued for its sandbox environment, used for teams on Lever's sandbox.",
    "the client above"
  ),
  secret: clientSecret("FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_SECRET", "Its secret.", "the client above")
}
const scopesVariable = optional(
  EnvVariable.text("FULCRUM_LEVER_OAUTH_SCOPES", "Space-separated; must match the scopes registered with Lever for the client.", "space-separated scopes"),
  "runtime permissions, `tags:read:admin`, `opportunities:write:admin`, both webhook permissions, `offline_access`"
)

/** The variables `layerConfig` reads, for the docs table. @since 0.2.0 */
export const variables: ReadonlyArray<EnvVariable.Variable<unknown>> = [
  production.id,
  production.secret,
  sandbox.id,
  sandbox.secret,
  scopesVariable
]

const readClient = Effect.fnUntraced(function*(client: typeof production) {
  const id = yield* client.id.read
  const secret = yield* client.secret.read
  if (Option.isNone(id) && Option.isNone(secret)) return null
  // Half a client is a mistake, not "OAuth off": the host must not start as if nothing were set.
  const missing = (variable: string, present: string) => EnvVariable.invalid(variable, `${present} is set, so ${variable} is required`)
  if (Option.isNone(id)) return yield* missing(client.id.spec.name, client.secret.spec.name)
  if (Option.isNone(secret)) return yield* missing(client.secret.spec.name, client.id.spec.name)
  return { clientId: id.value, clientSecret: secret.value } satisfies OAuthClient
})

/**
 * Reads the client from the environment: `FULCRUM_LEVER_OAUTH_CLIENT_ID` and
 * `FULCRUM_LEVER_OAUTH_CLIENT_SECRET` (both or neither), optionally
 * `FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_ID`/`_SECRET` for Lever's sandbox, and `FULCRUM_LEVER_OAUTH_SCOPES`
 * (space-separated; default `defaultScopes`). Nothing set: OAuth is off. Half a client is `InvalidConfig`
 * naming the missing variable (exit code 1), never the secret.
 *
 * @since 0.1.0
 */
export const layerConfig: Layer.Layer<never, EnvVariable.InvalidConfig> = Layer.effect(
  LeverOAuthConfig,
  Effect.gen(function*() {
    const client = yield* readClient(production)
    const sandboxClient = yield* readClient(sandbox)
    const scopes = yield* scopesVariable.read
    return {
      client,
      sandboxClient,
      scopes: Option.match(scopes, {
        onNone: () => defaultScopes,
        onSome: (list) => [...new Set(list.split(/\s+/).filter((scope) => scope.length > 0))]
      })
    } satisfies LeverOAuthConfigShape
  })
)
