/**
 * The contract of the `SignatureVerifier` port for Lever webhooks: valid deliveries verify into payloads,
 * every forgery, alteration, stale or unknown-team delivery is a typed rejection, a token already in the
 * inbox is a duplicate, and no rejection carries the signing token.
 *
 * The kit needs the verifier together with the `ConfigStore` and `EventInbox` it reads: it creates its
 * own teams (ids unique to the run), submits signing tokens and accepts inbox events through them. It
 * passes `receivedAt` explicitly, so no clock is involved; the layer is built once for the suite.
 *
 * @example
 * ```ts
 * import { SignatureVerifierContract } from "@fulcrum/core/testing"
 *
 * SignatureVerifierContract.suite(
 *   "SignatureVerifierLever",
 *   SignatureVerifierLever.layer().pipe(Layer.provideMerge(MemoryStores.layer))
 * )
 * ```
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Ids, Setup } from "@fulcrum/domain"
import type { Lever } from "@fulcrum/domain"
import { Effect, Redacted, Result } from "effect"
import type { Layer } from "effect"
import { Hex } from "effect/encoding"
import * as LeverSignature from "../LeverSignature.ts"
import { ConfigStore, signingTokenName } from "../ports/ConfigStore.ts"
import { EventInbox } from "../ports/EventInbox.ts"
import { SignatureVerifier } from "../ports/SignatureVerifier.ts"
import type { IncomingWebhook, WebhookRejection } from "../ports/SignatureVerifier.ts"
import type { StoreError } from "../ports/StoreError.ts"
import { describeShared, runId } from "./internal/kit.ts"

/** The services the suite's layer provides. @since 0.1.0 */
export type Services = SignatureVerifier | ConfigStore | EventInbox

/** A team the kit needs, with the signing tokens to submit for it. @since 0.1.0 */
export interface TeamSetup {
  readonly teamId: Ids.TeamId
  readonly signingTokens: Partial<Record<Lever.WebhookKind, Redacted.Redacted<string>>>
}

/**
 * Creates the team in the `ConfigStore` (fresh settings, Lever sandbox) and submits its signing tokens
 * with `putSecret`: what `suite` does unless given another `setup`.
 *
 * @since 0.1.0
 */
export const defaultSetup = (team: TeamSetup): Effect.Effect<void, unknown, ConfigStore> =>
  Effect.gen(function*() {
    const store = yield* ConfigStore
    yield* store.create(
      Setup.initial({
        _tag: "TeamCreated",
        teamId: team.teamId,
        name: `Contract kit ${team.teamId}`,
        environment: { _tag: "Sandbox" },
        at: 0
      })
    )
    for (const [webhook, token] of Object.entries(team.signingTokens)) {
      if (token === undefined) continue
      yield* store.putSecret(team.teamId, signingTokenName(webhook as Lever.WebhookKind), token)
    }
  })

/** Options of `suite`. @since 0.1.0 */
export interface SuiteOptions {
  /** How the kit creates a team and submits its signing tokens; default `defaultSetup`. */
  readonly setup?: (team: TeamSetup) => Effect.Effect<void, unknown, Services>
  /** The window the layer was built with, in seconds; default 300 past and 60 future. */
  readonly pastToleranceSeconds?: number
  readonly futureToleranceSeconds?: number
  /** Per-test and layer-build timeout in milliseconds; default 30 000. */
  readonly timeout?: number
}

// Lever's documented test vector: an implementation-independent anchor for the scheme.
const vector = {
  signingToken: "test-signature-token",
  token: "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
  triggeredAt: 1431454330072,
  signature: "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
} as const

const now = 1_750_000_000_000

/** `text` with the character at `index` replaced by a different one. */
const changeAt = (text: string, index: number): string =>
  text.slice(0, index) + (text[index] === "0" ? "1" : "0") + text.slice(index + 1)

/**
 * Registers the contract tests of the `SignatureVerifier` port in a `describe` block named `name`.
 *
 * @example
 * ```ts
 * SignatureVerifierContract.suite(
 *   "SignatureVerifierMemory",
 *   SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer))
 * )
 * ```
 *
 * @since 0.1.0
 */
export const suite = <E>(name: string, verifierLayer: Layer.Layer<Services, E>, options?: SuiteOptions): void => {
  const run = runId()
  const setup = options?.setup ?? defaultSetup
  const pastMs = (options?.pastToleranceSeconds ?? 300) * 1000
  const futureMs = (options?.futureToleranceSeconds ?? 60) * 1000
  const timeout = options?.timeout ?? 30_000

  // Every signing token the suite submits, so the last test can check no rejection ever carried one.
  const submitted: Array<string> = []
  const rejections: Array<WebhookRejection | StoreError> = []

  let teams = 0
  /** A fresh team with both signing tokens submitted (unless `tokens` says otherwise). */
  const team = (
    tokens: ReadonlyArray<Lever.WebhookKind> = ["stageChange", "archiveChange", "candidateDeleted"]
  ) =>
    Effect.gen(function*() {
      const teamId = Ids.TeamId.make(`kit-${run}-${++teams}`)
      const signingTokens: Partial<Record<Lever.WebhookKind, Redacted.Redacted<string>>> = {}
      for (const kind of tokens) {
        const token = `${kind}-${Hex.encode(globalThis.crypto.getRandomValues(new Uint8Array(16)))}`
        submitted.push(token)
        signingTokens[kind] = Redacted.make(token)
      }
      yield* setup({ teamId, signingTokens })
      return { teamId, signingTokens }
    })

  const stageData = {
    opportunityId: "kit-opp-1",
    candidateId: "kit-opp-1",
    contactId: "kit-contact-1",
    toStageId: "kit-stage-assessment",
    fromStageId: "kit-stage-new"
  }

  const signed = (
    signingToken: Redacted.Redacted<string> | undefined,
    body: { readonly event?: string; readonly data?: unknown; readonly triggeredAt?: number } = {}
  ) => {
    assert.isDefined(signingToken)
    return LeverSignature.sign(signingToken!, {
      event: body.event ?? "candidateStageChange",
      data: body.data ?? stageData,
      triggeredAt: body.triggeredAt ?? now
    })
  }

  const incoming = (
    teamId: Ids.TeamId,
    body: unknown,
    overrides: { readonly webhook?: Lever.WebhookKind; readonly receivedAt?: number } = {}
  ): IncomingWebhook => ({
    teamId,
    webhook: overrides.webhook ?? "stageChange",
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    receivedAt: overrides.receivedAt ?? now
  })

  /** Lever's delivery token as the inbox keeps it once a delivery with it was stored. */
  const remember = (teamId: Ids.TeamId, token: string) =>
    Effect.flatMap(EventInbox, (inbox) =>
      inbox.accept({
        teamId,
        dedupeKey: token,
        source: "lever",
        kind: "candidateStageChange",
        opportunityId: stageData.opportunityId,
        payload: { _tag: "Ping" },
        rawBody: null,
        receivedAt: now,
        status: "done",
        note: null
      }))

  const verify = (webhook: IncomingWebhook) =>
    Effect.gen(function*() {
      return yield* (yield* SignatureVerifier).verify(webhook)
    })

  /** The rejection of a delivery that must be rejected, remembered for the secrecy check. */
  const rejection = (webhook: IncomingWebhook) =>
    Effect.matchEffect(verify(webhook), {
      onFailure: (error) => {
        rejections.push(error)
        return Effect.succeed(error)
      },
      onSuccess: (verified) =>
        Effect.die(new Error(`expected a rejection, got a verified ${verified.payload._tag} webhook`))
    })

  const expectTag = (error: WebhookRejection | StoreError, tag: (WebhookRejection | StoreError)["_tag"]) =>
    assert.strictEqual(
      error._tag,
      tag,
      `expected ${tag}, got ${error._tag}: ${"message" in error ? error.message : "-"}`
    )

  describeShared(name, verifierLayer, timeout, (it) => {
    it.effect("verifies a signed stage change into its payload", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const body = yield* signed(signingTokens.stageChange)
        const verified = yield* verify(incoming(teamId, body))
        assert.strictEqual(verified.teamId, teamId)
        assert.strictEqual(verified.webhook, "stageChange")
        assert.isFalse(verified.duplicate)
        assert.strictEqual(verified.envelope.token, body.token)
        assert.strictEqual(verified.envelope.triggeredAt, body.triggeredAt)
        assert.deepStrictEqual(verified.payload, {
          _tag: "StageChanged",
          opportunityId: Ids.OpportunityId.make(stageData.opportunityId),
          toStageId: Ids.StageId.make(stageData.toStageId),
          fromStageId: Ids.StageId.make(stageData.fromStageId)
        })
      }), timeout)

    it.effect("verifies archive changes against the archive-change signing token", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const toArchived = { archivedAt: now - 1000, reason: "kit-reason-hired" }
        const archived = yield* signed(signingTokens.archiveChange, {
          event: "candidateArchiveChange",
          data: { opportunityId: "kit-opp-2", candidateId: "kit-opp-2", fromArchived: null, toArchived }
        })
        const verified = yield* verify(incoming(teamId, archived, { webhook: "archiveChange" }))
        assert.deepStrictEqual(verified.payload, {
          _tag: "ArchiveChanged",
          opportunityId: Ids.OpportunityId.make("kit-opp-2"),
          toArchived: { archivedAt: now - 1000, reason: Ids.ArchiveReasonId.make("kit-reason-hired") }
        })
        const unarchived = yield* signed(signingTokens.archiveChange, {
          event: "candidateArchiveChange",
          data: { opportunityId: "kit-opp-2", fromArchived: toArchived, toArchived: null }
        })
        const back = yield* verify(incoming(teamId, unarchived, { webhook: "archiveChange" }))
        assert.deepStrictEqual(back.payload, {
          _tag: "ArchiveChanged",
          opportunityId: Ids.OpportunityId.make("kit-opp-2"),
          toArchived: null
        })
      }), timeout)

    it.effect("verifies Lever's Verify-connection ping, deletions, and ignores other events", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const ping = yield* verify(incoming(teamId, yield* signed(signingTokens.stageChange, { data: {} })))
        assert.deepStrictEqual(ping.payload, { _tag: "Ping" })
        const deleted = yield* verify(
          incoming(
            teamId,
            yield* signed(signingTokens.candidateDeleted, {
              event: "candidateDeleted",
              data: { opportunityId: "kit-opp-3" }
            }),
            { webhook: "candidateDeleted" }
          )
        )
        assert.deepStrictEqual(deleted.payload, {
          _tag: "Deleted",
          opportunityId: Ids.OpportunityId.make("kit-opp-3")
        })
        const other = yield* verify(
          incoming(teamId, yield* signed(signingTokens.stageChange, { event: "interviewCreated", data: { x: 1 } }))
        )
        assert.deepStrictEqual(other.payload, { _tag: "Ignored", event: "interviewCreated" })
      }), timeout)

    it.effect("verifies Lever's documented test vector", () =>
      Effect.gen(function*() {
        const teamId = Ids.TeamId.make(`kit-${run}-vector`)
        submitted.push(vector.signingToken)
        yield* setup({ teamId, signingTokens: { stageChange: Redacted.make(vector.signingToken) } })
        const body = {
          triggeredAt: vector.triggeredAt,
          event: "candidateStageChange",
          data: {},
          token: vector.token,
          signature: vector.signature
        }
        const verified = yield* verify(incoming(teamId, body, { receivedAt: vector.triggeredAt + 1000 }))
        assert.deepStrictEqual(verified.payload, { _tag: "Ping" })
      }), timeout)

    it.effect("rejects a delivery signed with another token as BadSignature", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const other = yield* team()
        const foreign = yield* signed(other.signingTokens.stageChange)
        expectTag(yield* rejection(incoming(teamId, foreign)), "BadSignature")
        // Each webhook has its own token: the archive-change token does not sign stage changes.
        const crossed = yield* signed(signingTokens.archiveChange)
        expectTag(yield* rejection(incoming(teamId, crossed)), "BadSignature")
      }), timeout)

    it.effect("rejects one changed character of token, triggeredAt or signature as BadSignature", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const body = yield* signed(signingTokens.stageChange)
        for (const i of [0, 1, 23, 46, 47]) {
          expectTag(yield* rejection(incoming(teamId, { ...body, token: changeAt(body.token, i) })), "BadSignature")
        }
        const digits = String(body.triggeredAt)
        for (let i = 0; i < digits.length; i++) {
          const triggeredAt = Number(changeAt(digits, i))
          // Received at the altered time, so only the signature can tell.
          const altered = incoming(teamId, { ...body, triggeredAt }, { receivedAt: triggeredAt })
          expectTag(yield* rejection(altered), "BadSignature")
        }
        for (const i of [0, 31, 63]) {
          const signature = changeAt(body.signature, i)
          expectTag(yield* rejection(incoming(teamId, { ...body, signature })), "BadSignature")
        }
        const truncated = { ...body, signature: body.signature.slice(0, 40) }
        expectTag(yield* rejection(incoming(teamId, truncated)), "BadSignature")
      }), timeout)

    it.effect("rejects a body without signature or token as MissingSignature", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const body = yield* signed(signingTokens.stageChange)
        const { signature: _signature, ...unsigned } = body
        const { token: _token, ...tokenless } = body
        for (const missing of [unsigned, { ...body, signature: "" }, tokenless, { ...body, token: "" }]) {
          expectTag(yield* rejection(incoming(teamId, missing)), "MissingSignature")
        }
      }), timeout)

    it.effect("rejects an unknown team as UnknownTeam", () =>
      Effect.gen(function*() {
        const { signingTokens } = yield* team()
        const body = yield* signed(signingTokens.stageChange)
        const error = yield* rejection(incoming(Ids.TeamId.make(`kit-${run}-nobody`), body))
        expectTag(error, "UnknownTeam")
        if (error._tag === "UnknownTeam") assert.strictEqual(error.teamId, `kit-${run}-nobody`)
      }), timeout)

    it.effect("rejects a webhook whose signing token was not submitted as TokenNotSubmitted", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team(["stageChange"])
        const body = yield* signed(signingTokens.stageChange, { event: "candidateArchiveChange", data: {} })
        const error = yield* rejection(incoming(teamId, body, { webhook: "archiveChange" }))
        expectTag(error, "TokenNotSubmitted")
        if (error._tag === "TokenNotSubmitted") assert.strictEqual(error.webhook, "archiveChange")
      }), timeout)

    it.effect("rejects triggeredAt outside the tolerance window as StaleWebhook", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const at = (offsetMs: number) => signed(signingTokens.stageChange, { triggeredAt: now + offsetMs })
        yield* verify(incoming(teamId, yield* at(-pastMs)))
        yield* verify(incoming(teamId, yield* at(futureMs)))
        const old = yield* rejection(incoming(teamId, yield* at(-pastMs - 1000)))
        expectTag(old, "StaleWebhook")
        if (old._tag === "StaleWebhook") {
          assert.strictEqual(old.triggeredAt, now - pastMs - 1000)
          assert.strictEqual(old.receivedAt, now)
        }
        expectTag(yield* rejection(incoming(teamId, yield* at(futureMs + 1000))), "StaleWebhook")
        expectTag(yield* rejection(incoming(teamId, yield* at(-24 * 3600 * 1000))), "StaleWebhook")
      }), timeout)

    it.effect("marks a token already in the inbox as a duplicate", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        const body = yield* signed(signingTokens.stageChange)
        assert.isFalse((yield* verify(incoming(teamId, body))).duplicate)
        yield* remember(teamId, body.token)
        const again = yield* verify(incoming(teamId, body))
        assert.isTrue(again.duplicate)
        assert.strictEqual(again.envelope.token, body.token)
        const other = yield* team()
        const elsewhere = yield* signed(other.signingTokens.stageChange)
        assert.isFalse(
          (yield* verify(incoming(other.teamId, { ...elsewhere }))).duplicate,
          "tokens are remembered per team"
        )
      }), timeout)

    it.effect("authenticate rejects exactly what verify rejects, and leaves duplicates to the inbox", () =>
      Effect.gen(function*() {
        const verifier = yield* SignatureVerifier
        const { signingTokens, teamId } = yield* team(["stageChange"])
        const body = yield* signed(signingTokens.stageChange)
        const deliveries = [
          incoming(teamId, body),
          incoming(teamId, yield* signed((yield* team()).signingTokens.stageChange)),
          incoming(teamId, { ...body, signature: changeAt(body.signature, 0) }),
          incoming(teamId, yield* signed(signingTokens.stageChange, { triggeredAt: now - pastMs - 1000 })),
          incoming(teamId, yield* signed(signingTokens.stageChange, { data: {} })),
          incoming(teamId, "not json"),
          incoming(Ids.TeamId.make(`kit-${run}-nobody`), body),
          incoming(teamId, yield* signed(signingTokens.stageChange, { event: "candidateArchiveChange", data: {} }), {
            webhook: "archiveChange"
          })
        ]
        for (const delivery of deliveries) {
          const verified = yield* Effect.result(verifier.verify(delivery))
          const authenticated = yield* Effect.result(verifier.authenticate(delivery))
          if (Result.isFailure(verified)) {
            const refused = verified.failure._tag
            assert.isTrue(Result.isFailure(authenticated), `authenticate accepted what verify refused (${refused})`)
            if (Result.isFailure(authenticated)) expectTag(authenticated.failure, verified.failure._tag)
          } else {
            assert.isTrue(Result.isSuccess(authenticated), "authenticate refused what verify accepted")
            if (Result.isSuccess(authenticated)) {
              const { duplicate: _duplicate, ...rest } = verified.success
              assert.deepStrictEqual(authenticated.success, rest)
            }
          }
        }
        yield* remember(teamId, body.token)
        assert.isTrue((yield* verifier.verify(incoming(teamId, body))).duplicate)
        const again = yield* verifier.authenticate(incoming(teamId, body))
        assert.strictEqual(again.envelope.token, body.token, "a repeated token still authenticates")
      }), timeout)

    it.effect("rejects malformed bodies and data that does not fit the event as MalformedWebhook", () =>
      Effect.gen(function*() {
        const { signingTokens, teamId } = yield* team()
        for (const raw of ["", "{", "not json", "[]", "null", "42"]) {
          expectTag(yield* rejection(incoming(teamId, raw)), "MalformedWebhook")
        }
        const body = yield* signed(signingTokens.stageChange)
        const { triggeredAt: _triggeredAt, ...undated } = body
        expectTag(yield* rejection(incoming(teamId, undated)), "MalformedWebhook")
        expectTag(yield* rejection(incoming(teamId, { ...body, triggeredAt: "yesterday" })), "MalformedWebhook")
        const noTarget = yield* signed(signingTokens.stageChange, { data: { opportunityId: "kit-opp-4" } })
        expectTag(yield* rejection(incoming(teamId, noTarget)), "MalformedWebhook")
      }), timeout)

    it.effect("never puts a signing token in a rejection", () =>
      Effect.gen(function*() {
        // One rejection of each kind here, plus whatever the tests before collected.
        const { signingTokens, teamId } = yield* team(["stageChange"])
        const body = yield* signed(signingTokens.stageChange)
        const { signature: _signature, ...unsigned } = body
        yield* rejection(incoming(teamId, "{"))
        yield* rejection(incoming(teamId, unsigned))
        yield* rejection(incoming(teamId, { ...body, token: changeAt(body.token, 0) }))
        yield* rejection(incoming(teamId, body, { receivedAt: now + pastMs + 1000 }))
        yield* rejection(incoming(Ids.TeamId.make(`kit-${run}-nobody-else`), body))
        yield* rejection(incoming(teamId, body, { webhook: "archiveChange" }))
        yield* rejection(incoming(teamId, yield* signed(signingTokens.stageChange, { data: { toStageId: 1 } })))
        assert.includeMembers(
          [...new Set(rejections.map((e) => e._tag))],
          ["MalformedWebhook", "MissingSignature", "BadSignature", "StaleWebhook", "UnknownTeam", "TokenNotSubmitted"]
        )
        for (const error of rejections) {
          const printed = [JSON.stringify(error), String(error), "message" in error ? error.message : ""]
          for (const token of submitted) {
            for (const text of printed) assert.notInclude(text, token, `${error._tag} carries a signing token`)
          }
        }
      }), timeout)
  })
}
