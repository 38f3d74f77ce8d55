/**
 * Admin authentication as part of the contract: every admin endpoint takes `Authorization: Bearer
 * <token>`, where the token is the operator's (`FULCRUM_ADMIN_TOKEN`, every team) or a team token
 * (one team). The host supplies the implementation; an embedder can supply its own (SSO, mTLS, ...)
 * as long as it provides {@link CurrentAdmin}.
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { Unauthorized } from "./ApiErrors.ts"

/**
 * Who is calling: the operator (all teams), or a holder of a token scoped to one team.
 *
 * @since 0.1.0
 */
export type Admin =
  | { readonly _tag: "Operator" }
  | { readonly _tag: "Team"; readonly teamId: Ids.TeamId; readonly tokenId: string }

/** The authenticated caller of an admin endpoint. @since 0.1.0 */
export class CurrentAdmin extends Context.Service<CurrentAdmin, Admin>()("@fulcrum/api/CurrentAdmin") {}

/**
 * The bearer-token middleware of the admin groups. A missing or wrong token is a 401 `Unauthorized`.
 *
 * @since 0.1.0
 */
export class AdminAuth extends HttpApiMiddleware.Service<AdminAuth, { provides: CurrentAdmin }>()(
  "@fulcrum/api/AdminAuth",
  {
    security: { bearer: HttpApiSecurity.bearer },
    error: Unauthorized,
    requiredForClient: true
  }
) {}
