/**
 * Connect to Lever (OAuth). The admin's browser starts it: a 302 to Lever's consent screen, with a
 * short-lived HttpOnly cookie that binds the flow to this browser (the `state` binds it to the team).
 * Lever sends the browser back to the callback, which exchanges the code, stores the tokens encrypted,
 * and registers the team's webhooks on the new connection, so nothing is copied by hand.
 *
 * @since 0.1.0
 */
import { ApiErrors, FulcrumApi } from "@fulcrum/api"
import { LeverConnect } from "@fulcrum/core"
import { Effect, Redacted } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { HostOptions } from "./HostOptions.ts"
import { answer } from "./internal/apiError.ts"
import { visibleTeam } from "./internal/request.ts"

/** The cookie holding the browser's half of a pending connect. @since 0.1.0 */
export const sessionCookie = "fulcrum_lever_connect"

/** The path Lever sends the browser back to. @since 0.1.0 */
export const callbackPath = "/oauth/lever/callback"

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (title: string, lines: ReadonlyArray<string>) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto">` +
  `<h1>${escapeHtml(title)}</h1>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("")}</body></html>`

/** The handlers of the `leverConnect` group. @since 0.1.0 */
export const layerConnect = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "leverConnect", (handlers) =>
  Effect.succeed(
    handlers.handle("connect", ({ params }) =>
      Effect.gen(function*() {
        const teamId = yield* visibleTeam(params.teamId)
        const { publicBaseUrl } = yield* HostOptions
        const started = yield* answer(LeverConnect.startConnect(teamId, { redirectUri: `${publicBaseUrl}${callbackPath}` }))
        const response = HttpServerResponse.jsonUnsafe(
          { authorizeUrl: started.authorizeUrl, expiresAt: new Date(started.expiresAt).toISOString() },
          { status: 302, headers: { location: started.authorizeUrl, "cache-control": "no-store" } }
        )
        return yield* HttpServerResponse.setCookie(response, sessionCookie, Redacted.value(started.sessionNonce), {
          httpOnly: true,
          // Lax: the cookie must ride along Lever's top-level redirect back to the callback.
          sameSite: "lax",
          secure: publicBaseUrl.startsWith("https:"),
          path: callbackPath,
          expires: new Date(started.expiresAt)
        }).pipe(Effect.orDie)
      }))
  ))

/** The handlers of the `leverCallback` group. @since 0.1.0 */
export const layerCallback = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "leverCallback", (handlers) =>
  Effect.succeed(
    handlers.handle("callback", ({ query }) =>
      Effect.gen(function*() {
        if (query.state === undefined) {
          return yield* new ApiErrors.InvalidRequest({
            message: "This is not a link Fulcrum sent to Lever (no state). Click \"Connect to Lever\" again.",
            problems: [{ path: "$.query.state", message: "Missing key" }]
          })
        }
        const request = yield* HttpServerRequest.HttpServerRequest
        const { publicBaseUrl } = yield* HostOptions
        const nonce = request.cookies[sessionCookie]
        const { team, webhooksNotRegistered } = yield* answer(LeverConnect.finishConnect({
          state: query.state,
          redirectUri: `${publicBaseUrl}${callbackPath}`,
          ...(query.code === undefined ? {} : { code: Redacted.make(query.code) }),
          ...(query.error === undefined ? {} : { error: query.error }),
          ...(nonce === undefined ? {} : { sessionNonce: Redacted.make(nonce) })
        }, { publicBaseUrl }))
        const missing = team.checklist.items.filter((item) => !item.done).map((item) =>
          `${item.title}: ${item.problem ?? ""}`
        )
        const response = HttpServerResponse.html(page(`Connected ${team.settings.name} to Lever`, [
          webhooksNotRegistered === null
            ? "Fulcrum registered its webhooks in Lever; nothing to copy by hand."
            : `The webhooks could not be registered yet (${webhooksNotRegistered}); see the checklist.`,
          ...(missing.length === 0 ? ["The checklist is complete."] : ["Still to do:", ...missing]),
          "You can close this tab."
        ]))
        return yield* HttpServerResponse.expireCookie(response, sessionCookie, { path: callbackPath }).pipe(Effect.orDie)
      }))
  ))
