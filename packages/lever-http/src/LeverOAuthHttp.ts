/**
 * The `LeverAuthorization` port over HTTP: Lever's OAuth token endpoint (`POST /oauth/token`,
 * form-encoded, client credentials in the body) on the auth host of each request's environment —
 * `auth.lever.co` for production, Lever's sandbox auth host, or the root of a custom base URL such as
 * `@fulcrum/lever-sandbox`.
 *
 * Token requests are not idempotent (a code works once; Lever rotates refresh tokens), so only what
 * Lever refused before doing anything is retried: 429, 503 and connections never made, within the retry
 * budget, honouring `Retry-After`. Anything else that leaves the outcome unknown (timeouts, other 5xx)
 * ends the call with `OAuthUnavailable`. Lever's OAuth errors map by their `error` code:
 * `invalid_grant` → `OAuthGrantInvalid`, every other refusal → `OAuthClientRejected`.
 *
 * Each call runs in a span `LeverAuthorization.<method>`. The client secret, codes and tokens never
 * appear in spans, logs or errors.
 *
 * @since 0.1.0
 */
import { LeverApi, LeverAuthorization } from "@fulcrum/core"
import type { Setup } from "@fulcrum/domain"
import { Clock, Effect, Layer, Redacted, Result, Schema } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import * as Attempts from "./internal/Attempt.ts"
import * as Backoff from "./internal/Backoff.ts"
import { scrub } from "./internal/Credential.ts"
import * as LeverHttpOptions from "./LeverHttpOptions.ts"

/**
 * Options of `layer`: the retry budget and the per-attempt timeout, as for `LeverHttp` (the rate limit
 * does not apply: token requests are rare).
 *
 * @since 0.1.0
 */
export type Options = Pick<LeverHttpOptions.Options, "retry" | "timeout">

/** Lever's answer to a token request. Lever documents one-hour access tokens when it omits the lifetime. */
const TokenResponse = Schema.Struct({
  access_token: Schema.NonEmptyString,
  refresh_token: Schema.optionalKey(Schema.String),
  expires_in: Schema.optionalKey(Schema.Number),
  scope: Schema.optionalKey(Schema.String)
})

/** An OAuth error answer (RFC 6749 §5.2); any other shape is tolerated. */
const ErrorBody = Schema.Struct({
  error: Schema.optionalKey(Schema.String),
  error_description: Schema.optionalKey(Schema.String)
})

const defaultLifetimeSeconds = 3_600
const maxDescriptionLength = 300

/** What a token request sends, and the secrets that must never come back in an error. */
interface TokenRequest {
  readonly environment: Setup.LeverEnvironment
  readonly client: LeverAuthorization.OAuthClient
  readonly form: Record<string, string>
  readonly secrets: ReadonlyArray<Redacted.Redacted<string>>
}

/**
 * Builds the `LeverAuthorization` service over the `HttpClient` in context.
 *
 * @since 0.1.0
 */
export const make = (
  options: Options = {}
): Effect.Effect<LeverAuthorization.LeverAuthorization["Service"], never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const resolved = yield* Effect.sync(() => LeverHttpOptions.resolve({ ...options, rateLimit: false }))
    const client = yield* HttpClient.HttpClient

    /** Lever's text with every secret of the request removed, clipped. */
    const said = (text: string, secrets: ReadonlyArray<Redacted.Redacted<string>>) => {
      const clean = secrets.reduce((acc, secret) => scrub(acc, LeverApi.oauth(secret)), text)
      return clean.length > maxDescriptionLength ? `${clean.slice(0, maxDescriptionLength)}…` : clean
    }

    const refused = (status: number, text: string, request: TokenRequest): LeverAuthorization.OAuthError => {
      const json = Attempts.parseJson(text)
      const body = Schema.decodeUnknownOption(ErrorBody)(json.ok ? json.value : undefined)
      const error = body._tag === "Some" ? body.value.error ?? `http_${status}` : `http_${status}`
      const description = body._tag === "Some" && body.value.error_description !== undefined
        ? `: ${said(body.value.error_description, request.secrets)}`
        : ""
      const message =
        `Lever's token endpoint refused the request (${status} ${said(error, request.secrets)}${description})`
      return error === "invalid_grant"
        ? new LeverAuthorization.OAuthGrantInvalid({ message })
        : new LeverAuthorization.OAuthClientRejected({ error: said(error, request.secrets), message })
    }

    const send = Effect.fnUntraced(function*(request: TokenRequest) {
      const { tokenUrl } = LeverAuthorization.endpointsOf(request.environment)
      const http = HttpClientRequest.post(tokenUrl).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.bodyUrlParams({
          ...request.form,
          client_id: request.client.clientId,
          client_secret: Redacted.value(request.client.clientSecret)
        })
      )
      const secrets = [request.client.clientSecret, ...request.secrets]
      const withSecrets = { ...request, secrets }
      const started = yield* Clock.currentTimeMillis
      let attempts = 0
      const once = Effect.gen(function*() {
        attempts++
        const outcome = yield* Attempts.run(client, http, resolved.timeout)
        const now = yield* Clock.currentTimeMillis
        yield* Effect.annotateCurrentSpan({
          "lever.oauth.attempts": attempts,
          ...(outcome._tag === "Answered" ? { "http.response.status_code": outcome.status } : {})
        })
        if (outcome._tag === "Answered" && outcome.status >= 200 && outcome.status < 300) {
          const json = Attempts.parseJson(outcome.text)
          const decoded = Schema.decodeUnknownOption(TokenResponse)(json.ok ? json.value : undefined)
          if (decoded._tag === "None") {
            return yield* new LeverAuthorization.OAuthUnavailable({
              message: "Lever's token endpoint answered something that is not a token response"
            })
          }
          const tokens = decoded.value
          return {
            accessToken: Redacted.make(tokens.access_token),
            refreshToken: tokens.refresh_token === undefined || tokens.refresh_token.length === 0
              ? null
              : Redacted.make(tokens.refresh_token),
            expiresInSeconds: tokens.expires_in !== undefined && tokens.expires_in > 0
              ? tokens.expires_in
              : defaultLifetimeSeconds,
            scopes: (tokens.scope ?? "").split(" ").filter((scope) => scope.length > 0)
          } satisfies LeverAuthorization.OAuthTokens
        }
        const refusedBeforeWork = outcome._tag === "Answered"
          ? outcome.status === 429 || outcome.status === 503
          : outcome.sent === "unsent"
        if (!refusedBeforeWork) {
          if (outcome._tag === "Answered" && outcome.status < 500 && outcome.status !== 408) {
            return yield* Effect.fail(refused(outcome.status, outcome.text, withSecrets))
          }
          return yield* new LeverAuthorization.OAuthUnavailable({
            message: `Lever's token endpoint ${
              outcome._tag === "Answered" ? `answered ${outcome.status}` : `gave no answer (${outcome.reason})`
            }; the request may have been processed, so it is not repeated`
          })
        }
        return yield* Effect.fail({
          _tag: "Refused" as const,
          reason: outcome._tag === "Answered" ? `status ${outcome.status}` : outcome.reason,
          retryAfterMs: outcome._tag === "Answered" ? Backoff.retryAfterMs(outcome.retryAfter, now) : undefined
        })
      })
      const answer = yield* once.pipe(
        // Only a refusal is retried: every other error is the answer.
        Effect.map(Result.succeed),
        Effect.catchIf(
          (error): error is LeverAuthorization.OAuthError => error._tag !== "Refused",
          (error) => Effect.succeed(Result.fail(error))
        ),
        Effect.retry(Backoff.schedule(resolved.retry, started)),
        Effect.catchTag("Refused", (last) =>
          Effect.succeed(Result.fail(
            new LeverAuthorization.OAuthUnavailable({
              message: `Lever's token endpoint still refused the request (${last.reason}) after ${attempts} attempts`
            })
          )))
      )
      return yield* Effect.fromResult(answer)
    })

    const exchangeCode = Effect.fn("LeverAuthorization.exchangeCode")(
      function*(request: LeverAuthorization.CodeExchange) {
        return yield* send({
          environment: request.environment,
          client: request.client,
          form: {
            grant_type: "authorization_code",
            code: Redacted.value(request.code),
            redirect_uri: request.redirectUri
          },
          secrets: [request.code]
        })
      }
    )

    const refresh = Effect.fn("LeverAuthorization.refresh")(function*(request: LeverAuthorization.TokenRefresh) {
      return yield* send({
        environment: request.environment,
        client: request.client,
        form: { grant_type: "refresh_token", refresh_token: Redacted.value(request.refreshToken) },
        secrets: [request.refreshToken]
      })
    })

    return LeverAuthorization.LeverAuthorization.of({ exchangeCode, refresh })
  })

/**
 * The `LeverAuthorization` port over the `HttpClient` you provide.
 *
 * @example
 * ```ts
 * import { LeverOAuthHttp } from "@fulcrum/lever-http"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * const Authorization = LeverOAuthHttp.layer().pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<LeverAuthorization.LeverAuthorization, never, HttpClient.HttpClient> =>
  Layer.effect(LeverAuthorization.LeverAuthorization, make(options))

/**
 * The `LeverAuthorization` port over the platform's `fetch`. Nothing else to provide.
 *
 * @since 0.1.0
 */
export const layerFetch = (options: Options = {}): Layer.Layer<LeverAuthorization.LeverAuthorization> =>
  layer(options).pipe(Layer.provide(FetchHttpClient.layer))
