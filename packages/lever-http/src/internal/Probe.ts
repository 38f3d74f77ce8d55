/**
 * How `checkPermissions` finds out whether credentials hold a permission without changing anything in
 * the team's Lever account.
 *
 * - Read permissions: a read of one item (`GET /stages?limit=1`, ...). 2xx = granted, 403 = missing.
 * - Permissions with no harmless read (writes, and reads below an opportunity): a request that cannot
 *   succeed, aimed at an opportunity id that does not exist and carrying an empty body. Lever checks the
 *   key's permissions before it looks at the opportunity or the body, so 403 = missing, while 404 or 400
 *   (the request got past the permission check and was then refused) = granted. Nothing can be created:
 *   the opportunity does not exist and the body is invalid anyway.
 *
 * - Confidential access: see `confidentialAccess`.
 *
 * Probes go through the same rate limiter and retries as every other call.
 */
import { LeverApi } from "@fulcrum/core"
import type { Setup } from "@fulcrum/domain"
import { Effect, Schema } from "effect"
import { decode } from "./Decode.ts"
import * as Endpoint from "./Endpoint.ts"
import type { Request, Transport } from "./Transport.ts"

/** An opportunity id Lever cannot have (its ids are UUIDs). */
const absentOpportunity = "fulcrum-permission-probe"

interface Probe {
  readonly request: Request
  /** Whether a 404/400 answer proves the permission (the request passed the permission check). */
  readonly refusalMeansGranted: boolean
}

const read = (endpoint: Endpoint.Endpoint): Probe => ({
  request: { endpoint, path: Endpoint.path(endpoint), query: "limit=1" },
  refusalMeansGranted: false
})

const underAbsentOpportunity = (endpoint: Endpoint.Endpoint, body?: unknown): Probe => ({
  request: {
    endpoint,
    path: Endpoint.path(endpoint, absentOpportunity),
    ...(endpoint.method === "GET" ? { query: "limit=1" } : { body: body ?? {} })
  },
  refusalMeansGranted: true
})

const probes: Readonly<Record<string, Probe>> = {
  "stages:read:admin": read(Endpoint.listStages),
  "archive_reasons:read:admin": read(Endpoint.listArchiveReasons),
  "tags:read:admin": read(Endpoint.listTags),
  "opportunities:read:admin": read(Endpoint.listOpportunities),
  "webhooks:read:admin": read(Endpoint.listWebhooks),
  "postings:read:admin": read(Endpoint.listPostings),
  "notes:read:admin": underAbsentOpportunity(Endpoint.listNotes),
  "notes:write:admin": underAbsentOpportunity(Endpoint.addNote),
  // Lever has no harmless opportunity write either; addTags is the one progress tags need.
  "opportunities:write:admin": underAbsentOpportunity(Endpoint.addTags, { tags: [] }),
  // No url: Lever cannot register it.
  "webhooks:write:admin": {
    request: { endpoint: Endpoint.createWebhook, path: Endpoint.path(Endpoint.createWebhook), body: {} },
    refusalMeansGranted: true
  }
}

/** Errors a permission check can end with (a missing permission is a result, not an error). */
export type ProbeError =
  | LeverApi.LeverUnauthorized
  | LeverApi.LeverRateLimited
  | LeverApi.LeverUnavailable
  | LeverApi.LeverInvalidResponse

/**
 * Whether the credentials hold `permission`. A permission this adapter has no probe for is reported as
 * not held: a check must never claim what it did not verify.
 */
export const holds = (
  transport: Transport,
  target: LeverApi.LeverTarget,
  permission: string
): Effect.Effect<boolean, ProbeError> => {
  const probe = probes[permission]
  if (probe === undefined) return Effect.succeed(false)
  return transport.send(target, probe.request).pipe(
    Effect.as(true),
    Effect.catchTags({
      LeverForbidden: () => Effect.succeed(false),
      LeverNotFound: (error) =>
        probe.refusalMeansGranted
          ? Effect.succeed(true)
          : Effect.fail(new LeverApi.LeverInvalidResponse({ endpoint: error.endpoint, message: error.message })),
      LeverInvalidResponse: (error) => probe.refusalMeansGranted ? Effect.succeed(true) : Effect.fail(error)
    })
  )
}

/** Only the field the confidential-access probe looks at; everything else of each candidate is ignored. */
const ConfidentialityPage = Schema.Struct({
  data: Schema.Array(Schema.Struct({ confidentiality: Schema.optional(Schema.NullOr(Schema.String)) }))
})

/**
 * Whether the credentials may read confidential candidates ("Allow access to confidential data" is fixed
 * when a key is created, and no endpoint states it). The probe asks for confidential candidates only:
 * `GET /opportunities?confidentiality=confidential&limit=100`, Lever's documented way to list them (lists
 * leave them out by default).
 * - A confidential candidate in the answer proves access: Lever never shows one to credentials without it.
 * - 403, or only non-confidential candidates (the filter was not honoured, as for credentials without
 *   access), means no access.
 * - An empty page tells nothing (no confidential candidate, or no candidate at all): `"unknown"`.
 * A whole page rather than one item, so that a server that ignores the filter even for credentials with
 * access still shows a confidential candidate when one is among the first hundred. Call it only for
 * credentials that hold `opportunities:read:admin`, or a 403 would be about that permission instead.
 */
export const confidentialAccess = (
  transport: Transport,
  target: LeverApi.LeverTarget
): Effect.Effect<Setup.ConfidentialAccess, ProbeError> =>
  transport.send(target, {
    endpoint: Endpoint.listOpportunities,
    path: Endpoint.path(Endpoint.listOpportunities),
    query: "confidentiality=confidential&limit=100"
  }).pipe(
    Effect.flatMap((response) => decode(ConfidentialityPage, Endpoint.listOpportunities)(response.body)),
    Effect.map(({ data }): Setup.ConfidentialAccess =>
      data.some((candidate) => candidate.confidentiality === "confidential")
        ? true
        : data.length > 0
        ? false
        : "unknown"
    ),
    Effect.catchTags({
      LeverForbidden: () => Effect.succeed(false),
      LeverNotFound: (error) =>
        Effect.fail(new LeverApi.LeverInvalidResponse({ endpoint: error.endpoint, message: error.message }))
    })
  )
