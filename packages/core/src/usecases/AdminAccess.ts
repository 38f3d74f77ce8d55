/**
 * Who may use the admin API, and on which teams. Two kinds of callers hold admin tokens:
 *
 * - the **operator**, with `FULCRUM_ADMIN_TOKEN` from the environment: every team, and the operator-only
 *   actions (creating teams, issuing and revoking team tokens);
 * - a **team**, with a token the operator issued for it (`TeamTokens`): that team only. Any other team
 *   looks to it as if it did not exist.
 *
 * A host's auth middleware calls {@link authenticate} with the bearer token, then {@link authorizeTeam}
 * for routes under `/teams/{teamId}` and {@link requireOperator} for operator-only ones. Tokens are
 * `Redacted` throughout and no error here ever carries one.
 *
 * @example
 * ```ts
 * import { AdminAccess } from "@fulcrum/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const principal = yield* AdminAccess.authenticate(bearer, operatorToken)
 *   yield* AdminAccess.authorizeTeam(principal, teamId) // TeamNotVisible: answer 404
 * })
 * ```
 *
 * @since 0.1.0
 */
import { Ids } from "@fulcrum/domain"
import { Clock, Effect, Option, Redacted, Schema } from "effect"
import { Mac } from "effect/crypto"
import { sha256Bytes } from "../internal/sha256.ts"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { TeamTokenId, type TeamTokenLabel, TeamTokens } from "../ports/TeamTokens.ts"

/**
 * The caller of the admin API, once authenticated: the operator, or one team through one of its tokens.
 *
 * @since 0.1.0
 */
export const AdminPrincipal = Schema.Union([
  Schema.TaggedStruct("Operator", {}),
  Schema.TaggedStruct("Team", { teamId: Ids.TeamId, tokenId: TeamTokenId })
])
/** The type {@link AdminPrincipal} decodes to. @since 0.1.0 */
export type AdminPrincipal = typeof AdminPrincipal.Type

/**
 * No admin token, or one that is neither the operator's nor a live team token. Says which tokens are
 * accepted, never what was sent.
 *
 * @since 0.1.0
 */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  message: Schema.String
}) {}

/**
 * A team token used on another team. Answer it exactly as an unknown team (404), so that a team cannot
 * learn which other teams exist.
 *
 * @since 0.1.0
 */
export class TeamNotVisible extends Schema.TaggedError<TeamNotVisible>()("TeamNotVisible", {
  teamId: Schema.String
}) {}

/**
 * A team token used for an action only the operator may take (creating teams, issuing or revoking team
 * tokens).
 *
 * @since 0.1.0
 */
export class OperatorOnly extends Schema.TaggedError<OperatorOnly>()("OperatorOnly", {
  message: Schema.String
}) {}

const operator: AdminPrincipal = { _tag: "Operator" }

const accepted = "the operator token (FULCRUM_ADMIN_TOKEN) or a token issued for the team"

/**
 * Compares the SHA-256 digests rather than the tokens: digests always have the same length, so neither the
 * length nor the content of the operator token leaks through the time the comparison takes.
 */
const sameToken = (given: Redacted.Redacted<string>, expected: Redacted.Redacted<string>): Effect.Effect<boolean> =>
  Effect.zipWith(
    sha256Bytes(Redacted.value(given)),
    sha256Bytes(Redacted.value(expected)),
    Mac.timingSafeEqual
  )

/**
 * Who is calling, from the bearer token (`undefined` or empty when the request had none). The operator
 * token is checked first, in constant time; any other token is looked up among the team tokens, which
 * records its use.
 *
 * @since 0.1.0
 */
export const authenticate = Effect.fn("AdminAccess.authenticate")(function*(
  bearer: Redacted.Redacted<string> | undefined,
  operatorToken: Redacted.Redacted<string>
) {
  // An empty bearer must never match, not even an operator token that was configured empty by mistake.
  if (bearer === undefined || Redacted.value(bearer) === "") {
    return yield* new Unauthenticated({
      message: `Send an admin token as \`Authorization: Bearer <token>\`: ${accepted}`
    })
  }
  if (yield* sameToken(bearer, operatorToken)) return operator
  const usedAt = yield* Clock.currentTimeMillis
  const owner = yield* (yield* TeamTokens).resolve(bearer, usedAt)
  if (Option.isNone(owner)) {
    return yield* new Unauthenticated({
      message: `The admin token was not accepted: send ${accepted}; a revoked team token no longer works`
    })
  }
  const team: AdminPrincipal = { _tag: "Team", ...owner.value }
  return team
})

/**
 * What the access rules look at: the operator, or the team a caller is scoped to. An `AdminPrincipal`
 * is one, and so is any host's own notion of the caller that has the same two cases.
 *
 * @since 0.1.0
 */
export type Scope = { readonly _tag: "Operator" } | { readonly _tag: "Team"; readonly teamId: Ids.TeamId }

/**
 * Whether the caller may see the team: the operator every team, a team token only its own.
 *
 * @since 0.1.0
 */
export const canReach = (principal: Scope, teamId: Ids.TeamId): boolean =>
  principal._tag === "Operator" || principal.teamId === teamId

/**
 * Lets the operator reach every team and a team token only its own.
 *
 * @since 0.1.0
 */
export const authorizeTeam = (principal: Scope, teamId: Ids.TeamId): Effect.Effect<void, TeamNotVisible> =>
  canReach(principal, teamId) ? Effect.void : Effect.fail(new TeamNotVisible({ teamId }))

/**
 * Lets only the operator through.
 *
 * @since 0.1.0
 */
export const requireOperator = (principal: Scope): Effect.Effect<void, OperatorOnly> =>
  principal._tag === "Operator"
    ? Effect.void
    : Effect.fail(
      new OperatorOnly({ message: "Only the operator (FULCRUM_ADMIN_TOKEN) may do this; a team token cannot" })
    )

/**
 * Issues a token for an existing team (`TeamNotFound` otherwise). The result holds the token, the only
 * time it is ever available: show it once.
 *
 * @since 0.1.0
 */
export const issueTeamToken = Effect.fn("AdminAccess.issueTeamToken")(function*(
  teamId: Ids.TeamId,
  label: TeamTokenLabel
) {
  yield* (yield* ConfigStore).get(teamId)
  const createdAt = yield* Clock.currentTimeMillis
  return yield* (yield* TeamTokens).issue({ teamId, label, createdAt })
})

/**
 * The team's live tokens, newest first, without the tokens themselves (`TeamNotFound` for an unknown team).
 *
 * @since 0.1.0
 */
export const listTeamTokens = Effect.fn("AdminAccess.listTeamTokens")(function*(teamId: Ids.TeamId) {
  yield* (yield* ConfigStore).get(teamId)
  return yield* (yield* TeamTokens).list(teamId)
})

/**
 * Revokes one of the team's tokens; it stops working at once. `TeamTokenNotFound` when the team has no
 * such token.
 *
 * @since 0.1.0
 */
export const revokeTeamToken = Effect.fn("AdminAccess.revokeTeamToken")(function*(
  teamId: Ids.TeamId,
  tokenId: TeamTokenId
) {
  yield* (yield* TeamTokens).revoke(teamId, tokenId)
})
