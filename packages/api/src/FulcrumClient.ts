/**
 * A typed client of the whole API, derived from {@link FulcrumApi}: every endpoint is a method whose
 * arguments and typed errors are those of the definition.
 *
 * @example
 * ```ts
 * import { FulcrumClient } from "@fulcrum/api"
 * import { Effect, Redacted } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const program = Effect.gen(function*() {
 *   const client = yield* FulcrumClient.make({ baseUrl: "http://localhost:3000", token: Redacted.make("...") })
 *   const created = yield* client.teams.create({ payload: { name: "Acme", lever: { environment: "sandbox" } } })
 *   // 201 with `Location: /api/teams/<id>`; the body is the team, its id at the top
 *   return created.body.checklist
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 */
import { Effect, Redacted } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient, HttpApiMiddleware } from "effect/http-api"
import { AdminAuth } from "./AdminAuth.ts"
import { FulcrumApi } from "./FulcrumApi.ts"

/** The client's type. @since 0.1.0 */
export type Client = HttpApiClient.ForApi<typeof FulcrumApi>

/**
 * Makes a client for a Fulcrum host. `token` is the operator's or a team token; it is sent as a bearer
 * token on admin endpoints only.
 *
 * @since 0.1.0
 */
export const make = (options: {
  readonly baseUrl: string
  readonly token: Redacted.Redacted<string>
}): Effect.Effect<Client, never, HttpClient.HttpClient> =>
  HttpApiClient.make(FulcrumApi, { baseUrl: options.baseUrl }).pipe(
    Effect.provide(HttpApiMiddleware.layerClient(AdminAuth, ({ next, request }) =>
      next(HttpClientRequest.bearerToken(request, Redacted.value(options.token)))))
  )
