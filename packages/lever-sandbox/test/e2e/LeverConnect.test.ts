/**
 * "Connect to Lever" end to end with every adapter in memory: the authorize URL, the callback and what it
 * refuses, a team set up and a candidate invited on the OAuth token alone, the token renewed before it
 * expires (with the rotated refresh token next time), and what happens when Lever stops honouring the
 * connection.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  ConfigStore,
  EventInbox,
  InterviewSchedulerMemory,
  LeverAccess,
  LeverAuthorizationMemory,
  LeverConnect,
  LeverOAuthConfig,
  TeamSetup
} from "@fulcrum/core"
import { Lever, Setup } from "@fulcrum/domain"
import { Effect, Layer, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Control, InProcess } from "../../src/index.ts"
import {
  archiveReasonIds,
  calls,
  candidateEntersAssessment,
  checklistItem,
  drain,
  keys,
  mapStagesAndReasons,
  publicBaseUrl,
  tag,
  teamId,
  TestLayer,
  verifyConnection
} from "./support.ts"

const OAuthLayer = Layer.mergeAll(
  LeverAuthorizationMemory.layer().pipe(Layer.provideMerge(TestLayer)),
  Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, LeverAuthorizationMemory.config)
)

const redirectUri = `${publicBaseUrl}/oauth/lever/callback`

const createTeam = TeamSetup.createTeam({
  teamId,
  name: "Acme",
  environment: { _tag: "Custom", baseUrl: InProcess.baseUrl }
})

/** The admin clicks "Connect to Lever" and approves on Lever's consent page; Lever sends the browser back. */
const consent = Effect.gen(function*() {
  const started = yield* LeverConnect.startConnect(teamId, { redirectUri })
  const approval = yield* (yield* LeverAuthorizationMemory.Control).approve(started.authorizeUrl)
  return { started, approval }
})

/** The whole dance: the callback brings back the code and state, the browser its session cookie. */
const connect = Effect.gen(function*() {
  const { approval, started } = yield* consent
  return yield* LeverConnect.completeConnect({
    code: approval.code,
    state: approval.state,
    sessionNonce: started.sessionNonce,
    redirectUri
  })
})

const secret = (name: ConfigStore.SecretName) =>
  Effect.flatMap(ConfigStore.ConfigStore, (store) => store.getSecret(teamId, name))

const accessToken = Effect.map(LeverAccess.runtimeTarget(teamId), (target) => {
  assert.strictEqual(target.credentials._tag, "OAuth")
  return target.credentials._tag === "OAuth" ? Redacted.value(target.credentials.accessToken) : ""
})

/** Stages, archive reasons and webhooks set up on the OAuth connection alone: no key is copied anywhere. */
const configureOnOAuth = Effect.gen(function*() {
  yield* createTeam
  yield* connect
  yield* mapStagesAndReasons()
  yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl })
  yield* TeamSetup.addInterviewType(teamId, { name: "Senior SWE", tag })
  yield* TeamSetup.toggleIntegration(teamId, true)
  yield* verifyConnection
})

describe("Connect to Lever (OAuth), in memory", () => {
  it.effect("the authorize URL asks Lever for a code for this client and callback, with offline access and the audience", () =>
    Effect.gen(function*() {
      yield* createTeam
      const started = yield* LeverConnect.startConnect(teamId, { redirectUri })
      const url = new URL(started.authorizeUrl)
      assert.strictEqual(`${url.origin}${url.pathname}`, "https://lever-sandbox.invalid/oauth/authorize")
      const params = url.searchParams
      assert.strictEqual(params.get("client_id"), LeverAuthorizationMemory.client.clientId)
      assert.strictEqual(params.get("redirect_uri"), redirectUri)
      assert.strictEqual(params.get("response_type"), "code")
      assert.strictEqual(params.get("audience"), `${InProcess.baseUrl}/`)
      const scopes = params.get("scope")!.split(" ")
      assert.includeMembers(scopes, [...Lever.runtimePermissions, ...Lever.webhookPermissions, "offline_access"])
      assert.match(params.get("state")!, /^acme\.[A-Za-z0-9_-]{43}$/)
      assert.strictEqual(started.expiresAt, 10 * 60_000, "the state lasts 10 minutes")
      assert.notInclude(String(started.sessionNonce), Redacted.value(started.sessionNonce))
      assert.notInclude(started.authorizeUrl, Redacted.value(started.sessionNonce), "the nonce stays in the cookie")
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("the callback connects the team, and a candidate is invited on the OAuth token alone", () =>
    Effect.gen(function*() {
      yield* createTeam
      yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
      const team = yield* connect
      const connection = team.settings.connection
      assert.strictEqual(connection._tag, "OAuth")
      if (connection._tag === "OAuth") {
        assert.includeMembers([...connection.scopes], [...Lever.runtimePermissions, "offline_access"])
        assert.isNull(connection.reconnectNeeded)
      }
      assert.deepStrictEqual(team.settings.permissions?.missing, [])
      assert.isTrue(checklistItem(team, "connection").done)
      assert.isTrue(checklistItem(team, "permissions").done)
      assert.isTrue(Option.isSome(yield* secret("oauth:accessToken")))
      assert.isTrue(Option.isSome(yield* secret("oauth:refreshToken")))
      assert.isTrue(Option.isNone(yield* secret("oauth:pendingConnect")), "the state is used up")
      assert.isTrue(Option.isNone(yield* secret("permanentKey")), "the replaced key is not kept")

      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* mapStagesAndReasons()
      const registered = yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl })
      assert.isTrue(checklistItem(registered, "signingTokens").done, "Fulcrum registered both webhooks itself")
      yield* TeamSetup.addInterviewType(teamId, { name: "Senior SWE", tag })
      yield* TeamSetup.toggleIntegration(teamId, true)
      yield* verifyConnection
      const ready = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(ready.checklist.ready, JSON.stringify(ready.checklist.items.filter((item) => !item.done)))

      const { opportunity } = yield* candidateEntersAssessment("Ada Lovelace", "ada@example.com")
      yield* drain
      assert.strictEqual((yield* scheduler.invites).length, 1)
      assert.match((yield* lever.listNotes(opportunity.id)).at(-1)!.text, /Assessment invite recorded, NOT sent: Senior SWE/)
      yield* lever.archive(opportunity.id, archiveReasonIds.underqualified)
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("a callback must bring back the team's latest state with the session of the browser that started it", () =>
    Effect.gen(function*() {
      yield* createTeam
      const reasonOf = (effect: Effect.Effect<unknown, unknown, never>) =>
        Effect.map(Effect.flip(effect), (error) => {
          assert.instanceOf(error, LeverConnect.OAuthStateInvalid)
          const refused = error as LeverConnect.OAuthStateInvalid
          assert.include(refused.message, "Connect to Lever\" again")
          return refused.reason
        })
      const replaced = yield* consent
      const { approval, started } = yield* consent
      const callback = { code: approval.code, state: approval.state, redirectUri }
      const context = yield* Effect.context<never>()
      const attempt = (input: LeverConnect.Callback) =>
        LeverConnect.completeConnect(input).pipe(Effect.provide(OAuthLayer), Effect.provideContext(context))

      assert.strictEqual(yield* reasonOf(attempt(callback)), "SessionMismatch", "no cookie")
      const otherBrowser = Redacted.make("a-nonce-from-another-browser")
      assert.strictEqual(yield* reasonOf(attempt({ ...callback, sessionNonce: otherBrowser })), "SessionMismatch")
      assert.strictEqual(
        yield* reasonOf(attempt({
          code: replaced.approval.code,
          state: replaced.approval.state,
          sessionNonce: replaced.started.sessionNonce,
          redirectUri
        })),
        "Replaced",
        "a newer connect replaced the first one"
      )
      assert.strictEqual(yield* reasonOf(attempt({ ...callback, state: "not-ours" })), "Malformed")

      // Refused attempts leave the pending connect to the browser that started it.
      const team = yield* attempt({ ...callback, sessionNonce: started.sessionNonce })
      assert.strictEqual(team.settings.connection._tag, "OAuth")
      assert.strictEqual(
        yield* reasonOf(attempt({ ...callback, sessionNonce: started.sessionNonce })),
        "Unknown",
        "a state is used once"
      )
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("a state older than 10 minutes is refused, and used up", () =>
    Effect.gen(function*() {
      yield* createTeam
      const { approval, started } = yield* consent
      yield* TestClock.adjust("10 minutes")
      yield* TestClock.adjust("1 second")
      const callback = { code: approval.code, state: approval.state, sessionNonce: started.sessionNonce, redirectUri }
      const expired = yield* Effect.flip(LeverConnect.completeConnect(callback))
      assert.strictEqual(expired._tag, "OAuthStateInvalid")
      if (expired._tag === "OAuthStateInvalid") assert.strictEqual(expired.reason, "Expired")
      const again = yield* Effect.flip(LeverConnect.completeConnect(callback))
      assert.isTrue(again._tag === "OAuthStateInvalid" && again.reason === "Unknown")
      assert.strictEqual((yield* TeamSetup.getTeam(teamId)).settings.connection._tag, "NotConnected")
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("an admin who declines on Lever's page gets a typed answer, and the team stays as it was", () =>
    Effect.gen(function*() {
      yield* createTeam
      const { approval, started } = yield* consent
      const denied = yield* Effect.flip(LeverConnect.completeConnect({
        error: "access_denied",
        state: approval.state,
        sessionNonce: started.sessionNonce,
        redirectUri
      }))
      assert.strictEqual(denied._tag, "OAuthConsentDenied")
      assert.strictEqual((yield* TeamSetup.getTeam(teamId)).settings.connection._tag, "NotConnected")
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("finishing the connect registers the webhooks on the new connection; a grant without webhook writes keeps the connection and says why", () =>
    Effect.gen(function*() {
      yield* createTeam
      const full = yield* consent
      const connected = yield* LeverConnect.finishConnect({
        code: full.approval.code,
        state: full.approval.state,
        sessionNonce: full.started.sessionNonce,
        redirectUri
      }, { publicBaseUrl })
      assert.isNull(connected.webhooksNotRegistered)
      assert.sameMembers(Object.keys(connected.team.settings.signingTokens), ["stageChange", "archiveChange"])

      const started = yield* LeverConnect.startConnect(teamId, { redirectUri })
      const approvedGrant = LeverAuthorizationMemory.config.scopes.filter((scope) => scope !== "webhooks:write:admin")
      const partial = yield* (yield* LeverAuthorizationMemory.Control).approve(started.authorizeUrl, { grant: approvedGrant })
      const reconnected = yield* LeverConnect.finishConnect({
        code: partial.code,
        state: partial.state,
        sessionNonce: started.sessionNonce,
        redirectUri
      }, { publicBaseUrl })
      assert.strictEqual(reconnected.team.settings.connection._tag, "OAuth")
      assert.include(reconnected.webhooksNotRegistered ?? "", "webhooks:write:admin")
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("a custom base URL stored before URLs were checked is refused before anything is stored", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore.ConfigStore
      // Written straight to the store, as an older version could have: decide refuses it today.
      yield* store.create(Setup.initial({
        _tag: "TeamCreated",
        teamId,
        name: "Acme",
        environment: { _tag: "Custom", baseUrl: "javascript:alert(1)" },
        at: 0
      }))
      const error = yield* Effect.flip(LeverConnect.startConnect(teamId, { redirectUri }))
      assert.strictEqual(error._tag, "SetupRejected")
      assert.strictEqual(error._tag === "SetupRejected" ? error.reason : "", "InvalidLeverBaseUrl")
      assert.include(error.message, "lever/environment")
      assert.isTrue(Option.isNone(yield* secret("oauth:pendingConnect")), "no pending connect was stored")
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("without an OAuth client the host answers OAuthNotConfigured and points to the permanent key", () =>
    Effect.gen(function*() {
      yield* createTeam
      const error = yield* Effect.flip(LeverConnect.startConnect(teamId, { redirectUri }))
      assert.strictEqual(error._tag, "OAuthNotConfigured")
      assert.include(error.message, "FULCRUM_LEVER_OAUTH_CLIENT_ID")
      assert.include(error.message, "permanent API key")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("the access token is renewed 5 minutes before it expires, once, and the rotated refresh token is used next", () =>
    Effect.gen(function*() {
      const oauth = yield* LeverAuthorizationMemory.Control
      yield* createTeam
      yield* connect
      const first = yield* accessToken
      const firstRefresh = Option.getOrThrow(yield* secret("oauth:refreshToken"))
      yield* TestClock.adjust("54 minutes")
      assert.strictEqual(yield* accessToken, first, "six minutes left: no renewal yet")
      assert.lengthOf(yield* oauth.refreshes, 0)

      yield* TestClock.adjust("2 minutes")
      // Ten calls at once, as the worker makes them: one renewal, one new token for all.
      const renewed = yield* Effect.all(Array.from({ length: 10 }, () => accessToken), { concurrency: "unbounded" })
      assert.strictEqual(new Set(renewed).size, 1)
      assert.notStrictEqual(renewed[0], first)
      const afterFirst = yield* oauth.refreshes
      assert.lengthOf(afterFirst, 1)
      assert.strictEqual(Redacted.value(afterFirst[0]!.refreshToken), Redacted.value(firstRefresh))

      yield* TestClock.adjust("56 minutes")
      const third = yield* accessToken
      assert.notStrictEqual(third, renewed[0])
      const afterSecond = yield* oauth.refreshes
      assert.lengthOf(afterSecond, 2)
      assert.notStrictEqual(
        Redacted.value(afterSecond[1]!.refreshToken),
        Redacted.value(firstRefresh),
        "Lever rotated the refresh token; the new one is stored and used"
      )
      const team = yield* TeamSetup.healthCheck(teamId)
      assert.isTrue(checklistItem(team, "connection").done)
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("Lever's auth host down: the current token serves until it expires, nothing is marked, a later call renews", () =>
    Effect.gen(function*() {
      const oauth = yield* LeverAuthorizationMemory.Control
      yield* createTeam
      yield* connect
      const first = yield* accessToken
      yield* TestClock.adjust("56 minutes")
      yield* oauth.failNext({ times: 1, error: "Unavailable" })
      assert.strictEqual(yield* accessToken, first)
      yield* TestClock.adjust("5 minutes")
      yield* oauth.failNext({ times: 1, error: "Unavailable" })
      const expired = yield* Effect.flip(LeverAccess.runtimeTarget(teamId))
      assert.strictEqual(expired._tag, "LeverNotConnected")
      assert.include(expired.message, "could not be renewed")
      const team = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(checklistItem(team, "connection").done, "a passing outage is not a broken connection")
      assert.notStrictEqual(yield* accessToken, first)
      assert.lengthOf(yield* oauth.refreshes, 3)
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("a refresh token Lever no longer honours: reconnect needed, and Connect to Lever again fixes it", () =>
    Effect.gen(function*() {
      const oauth = yield* LeverAuthorizationMemory.Control
      yield* createTeam
      yield* connect
      yield* oauth.revokeRefreshToken(Option.getOrThrow(yield* secret("oauth:refreshToken")))
      yield* TestClock.adjust("56 minutes")
      const refused = yield* Effect.flip(LeverAccess.runtimeTarget(teamId))
      assert.strictEqual(refused._tag, "LeverNotConnected")
      assert.include(refused.message, "needs reconnecting")
      const team = yield* TeamSetup.getTeam(teamId)
      const item = checklistItem(team, "connection")
      assert.isFalse(item.done)
      assert.include(item.problem, "stopped working")
      assert.include(item.fix, "Connect to Lever again: open GET /api/teams/acme/lever/connect")

      const reconnected = yield* connect
      assert.isTrue(checklistItem(reconnected, "connection").done)
      yield* accessToken
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("the app disconnected in Lever: the worker records reconnect needed and stops calling Lever for the team", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const oauth = yield* LeverAuthorizationMemory.Control
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* configureOnOAuth
      yield* TestClock.adjust("5 minutes")
      yield* oauth.disconnect

      const { eventId } = yield* candidateEntersAssessment("Grace Hopper", "grace@example.com")
      yield* drain
      const team = yield* TeamSetup.getTeam(teamId)
      const connection = checklistItem(team, "connection")
      assert.isFalse(connection.done)
      assert.include(connection.fix, "Connect to Lever again: open GET /api/teams/acme/lever/connect")
      assert.isFalse(team.checklist.ready)

      yield* lever.requests.clear()
      yield* TestClock.adjust("10 minutes")
      yield* drain
      assert.strictEqual(yield* calls("getOpportunity"), 0, "no call to Lever while reconnect is needed")
      const event = Option.getOrThrow(yield* (yield* EventInbox.EventInbox).get(teamId, eventId))
      assert.include(event.lastError, "needs reconnecting")
      assert.lengthOf(yield* scheduler.invites, 0)
    }).pipe(Effect.provide(OAuthLayer)))

  it.effect("a 401 on a token Lever ended early renews it instead of asking to reconnect", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const oauth = yield* LeverAuthorizationMemory.Control
      yield* createTeam
      yield* connect
      const first = yield* accessToken
      yield* TestClock.adjust("5 minutes")
      assert.strictEqual(yield* lever.oauth.expireAccessTokens(), 1, "Lever ends the one token early")
      const team = yield* TeamSetup.healthCheck(teamId)
      assert.isTrue(checklistItem(team, "connection").done)
      assert.lengthOf(yield* oauth.refreshes, 1)
      assert.notStrictEqual(yield* accessToken, first)
    }).pipe(Effect.provide(OAuthLayer)))
})
