/** Team tokens over HTTP: operator only; the token itself is shown once, in the answer that creates it. */
import { ApiErrors, type TeamModels } from "@fulcrum/api"
import { AdminAccess, TeamTokens } from "@fulcrum/core"
import { Effect, Redacted, Schema } from "effect"
import { HttpApiSchema } from "effect/http-api"
import { answer } from "./apiError.ts"
import { requireOperator, visibleTeam } from "./request.ts"

const operatorsTeam = (raw: string) => Effect.andThen(requireOperator, visibleTeam(raw))

const info = (token: TeamTokens.TeamTokenInfo): TeamModels.TeamTokenInfo => ({
  tokenId: token.tokenId,
  label: token.label,
  createdAt: token.createdAt,
  lastUsedAt: token.lastUsedAt
})

const decodeLabel = (label: string) =>
  Schema.decodeUnknownEffect(TeamTokens.TeamTokenLabel)(label).pipe(
    Effect.mapError(() =>
      new ApiErrors.InvalidRequest({
        message: "Invalid token label",
        problems: [{ path: "$.payload.label", message: "1 to 100 characters, no leading or trailing spaces" }]
      })
    )
  )

export const issue = ({ params, payload }: { readonly params: { readonly teamId: string }; readonly payload: { readonly label: string } }) =>
  Effect.gen(function*() {
    const teamId = yield* operatorsTeam(params.teamId)
    const issued = yield* answer(AdminAccess.issueTeamToken(teamId, yield* decodeLabel(payload.label)))
    return HttpApiSchema.withHeaders({
      body: { ...info(issued), token: Redacted.value(issued.token) },
      headers: { location: `/api/teams/${teamId}/tokens/${issued.tokenId}` }
    })
  })

export const list = ({ params }: { readonly params: { readonly teamId: string } }) =>
  Effect.gen(function*() {
    const teamId = yield* operatorsTeam(params.teamId)
    return { tokens: (yield* answer(AdminAccess.listTeamTokens(teamId))).map(info) }
  })

export const revoke = ({ params }: { readonly params: { readonly teamId: string; readonly tokenId: string } }) =>
  Effect.gen(function*() {
    const teamId = yield* operatorsTeam(params.teamId)
    const tokenId = yield* Schema.decodeUnknownEffect(TeamTokens.TeamTokenId)(params.tokenId).pipe(
      Effect.mapError(() => new ApiErrors.NotFound({ message: `No token ${params.tokenId}` }))
    )
    yield* answer(AdminAccess.revokeTeamToken(teamId, tokenId))
  })
