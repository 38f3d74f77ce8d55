/**
 * Reading what a request names: its team (checked against the caller's scope), its body (raw, with a
 * size limit). Ids that cannot exist are "not found"; ids with control characters are a bad request and
 * never reach the store.
 */
import { ApiErrors, AdminAuth } from "@fulcrum/api"
import { AdminAccess } from "@fulcrum/core"
import { Ids, Text } from "@fulcrum/domain"
import { Effect, Result, Schema } from "effect"
import { HttpServerError, HttpServerRequest } from "effect/http"
import { HostOptions } from "../HostOptions.ts"
import { answer } from "./apiError.ts"

const controlCharacter = (name: string) =>
  new ApiErrors.InvalidRequest({
    message: `The ${name} contains a control character`,
    problems: [{ path: `$.params.${name}`, message: "control characters are not allowed" }]
  })

/** A path segment with a control character: refused before anything is looked up. */
export const refuseControlCharacters = (name: string, raw: string) =>
  !Text.isSafeLine(raw) ? Effect.fail(controlCharacter(name)) : Effect.void

/** A path id decoded to its branded type; one that cannot exist is simply not found. */
export const pathId = <A>(name: string, schema: Schema.Decoder<A>, notFound: string) => {
  // Built once per id kind, not per request (a webhook's team id is decoded on every delivery), and
  // synchronous: the id is checked and decoded in one step, not three effects.
  const decode = Schema.decodeUnknownResult(schema)
  return (raw: string): Effect.Effect<A, ApiErrors.InvalidRequest | ApiErrors.NotFound> => {
    if (!Text.isSafeLine(raw)) return Effect.fail(controlCharacter(name))
    const decoded = decode(raw)
    return Result.isSuccess(decoded)
      ? Effect.succeed(decoded.success)
      : Effect.fail(new ApiErrors.NotFound({ message: `${notFound} ${raw}` }))
  }
}

/** A team id from a webhook path (no caller scope: the signature proves who calls). */
export const webhookTeamId = pathId("teamId", Ids.TeamId, "No team")

/**
 * The team an admin request names, when the caller may see it (`AdminAccess.authorizeTeam`). A team
 * token asking for another team is answered exactly like an unknown team, so tokens cannot probe which
 * teams exist.
 */
export const visibleTeam = (raw: string) =>
  Effect.gen(function*() {
    const teamId = yield* webhookTeamId(raw)
    yield* answer(AdminAccess.authorizeTeam(yield* AdminAuth.CurrentAdmin, teamId))
    return teamId
  })

/** Fails unless the caller is the operator (`AdminAccess.requireOperator`). */
export const requireOperator = Effect.flatMap(
  AdminAuth.CurrentAdmin,
  (admin) => answer(AdminAccess.requireOperator(admin))
)

/**
 * The 413 of a body over the limit. Built only when needed (or once per host): constructing a schema'd
 * error validates its fields, a measurable share of each webhook's CPU when done for every request.
 */
export const payloadTooLarge = (maxBodyBytes: number) =>
  new ApiErrors.PayloadTooLarge({ message: `The body is larger than ${maxBodyBytes} bytes`, limitBytes: maxBodyBytes })

/** Whether a read failed because the body was cut off at `HttpServerRequest.MaxBodySize`. */
export const isBodyTooLarge = (error: unknown): boolean =>
  HttpServerError.isHttpServerError(error) && error.reason._tag === "RequestParseError" &&
  error.reason.reason === "BodyTooLarge"

/**
 * The body as text; one cut off at the host's limit is a 413. The host-wide middleware (`Fallback`)
 * already refuses a declared length over the limit and bounds the read, so neither is repeated here.
 */
export const rawBody = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const { maxBodyBytes } = yield* HostOptions
  return yield* request.text.pipe(
    Effect.mapError((error) =>
      isBodyTooLarge(error)
        ? payloadTooLarge(maxBodyBytes)
        : new ApiErrors.InvalidRequest({ message: "The request body could not be read", problems: [] })
    )
  )
})
