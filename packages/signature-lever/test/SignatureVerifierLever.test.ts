import { assert, describe, it } from "@effect/vitest"
import { ConfigStore, EventInbox, MemoryStores, SignatureVerifier, StoreError } from "@fulcrum/core"
import { ConfigProvider, Effect, Exit, Layer, Option } from "effect"
import { SignatureVerifierLever } from "../src/index.ts"
import {
  type Body,
  changeAt,
  incoming,
  layerWith,
  now,
  otherTeamId,
  recordingTracer,
  referenceSignature,
  seedTeam,
  signedBody,
  signingTokens,
  stageChangeData,
  teamId,
  vector
} from "./fixtures.ts"

const verify = (webhook: SignatureVerifier.IncomingWebhook) =>
  Effect.flatMap(SignatureVerifier.SignatureVerifier, (verifier) => verifier.verify(webhook))

const rejectionOf = (webhook: SignatureVerifier.IncomingWebhook) => Effect.flip(verify(webhook))

/** Marks a delivery token as seen, the way the host does after accepting a webhook. */
const acceptToken = Effect.fnUntraced(function*(token: string) {
  const inbox = yield* EventInbox.EventInbox
  yield* inbox.accept({
    teamId,
    dedupeKey: token,
    source: "lever",
    kind: "candidateStageChange",
    opportunityId: "opp-1",
    payload: { _tag: "Ping" },
    rawBody: null,
    receivedAt: now,
    status: "done",
    note: null
  })
})

const Default = layerWith()

describe("SignatureVerifierLever", () => {
  describe("accepts", () => {
    it.effect("a signed stage change, decoding its data after the signature check", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        const verified = yield* verify(incoming(body))
        assert.strictEqual(verified.teamId, teamId)
        assert.strictEqual(verified.webhook, "stageChange")
        assert.isFalse(verified.duplicate)
        assert.strictEqual(verified.envelope.token, body.token)
        assert.deepStrictEqual(verified.payload, {
          _tag: "StageChanged",
          opportunityId: stageChangeData.opportunityId,
          toStageId: stageChangeData.toStageId,
          fromStageId: stageChangeData.fromStageId
        } as typeof verified.payload)
      }).pipe(Effect.provide(Default)))

    it.effect("a signed archive change, checked against the archive-change signing token", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const toArchived = { archivedAt: now - 1000, reason: "reason-hired" }
        const body = signedBody({
          signingToken: signingTokens.archiveChange,
          event: "candidateArchiveChange",
          data: { opportunityId: "opp-2", candidateId: "opp-2", contactId: "c-2", fromArchived: null, toArchived }
        })
        const verified = yield* verify(incoming(body, { webhook: "archiveChange" }))
        assert.strictEqual(verified.payload._tag, "ArchiveChanged")
        assert.isFalse(verified.duplicate)
      }).pipe(Effect.provide(Default)))

    it.effect("Lever's verify-connection ping (signed, empty data) as a Ping", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const verified = yield* verify(incoming(signedBody({ data: {} })))
        assert.strictEqual(verified.payload._tag, "Ping")
      }).pipe(Effect.provide(Default)))

    it.effect("Lever's documented test vector, when received within the window", () =>
      Effect.gen(function*() {
        yield* seedTeam(teamId, { stageChange: vector.signingToken })
        const body = {
          ...signedBody({ data: {} }),
          token: vector.token,
          triggeredAt: vector.triggeredAt,
          signature: vector.signature
        }
        const verified = yield* verify(incoming(body, { receivedAt: vector.triggeredAt + 1500 }))
        assert.strictEqual(verified.envelope.signature, vector.signature)
      }).pipe(Effect.provide(Default)))
  })

  describe("rejects a forged or altered delivery as BadSignature", () => {
    it.effect("with one character of token changed, at any position", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        for (let i = 0; i < body.token.length; i++) {
          const error = yield* rejectionOf(incoming({ ...body, token: changeAt(body.token, i) }))
          assert.strictEqual(error._tag, "BadSignature")
        }
      }).pipe(Effect.provide(Default)))

    it.effect("with one digit of triggeredAt changed, even when it stays inside the window", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        const digits = String(body.triggeredAt)
        for (let i = 0; i < digits.length; i++) {
          const triggeredAt = Number(changeAt(digits, i))
          const error = yield* rejectionOf(incoming({ ...body, triggeredAt }, { receivedAt: triggeredAt }))
          assert.strictEqual(error._tag, "BadSignature")
        }
      }).pipe(Effect.provide(Default)))

    it.effect("with a signature that is altered, truncated, not hex, or another webhook's", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        const signatures = [
          changeAt(body.signature, 63),
          body.signature.slice(0, 40),
          "not-a-signature",
          "g".repeat(64),
          referenceSignature(signingTokens.archiveChange, body.token, body.triggeredAt)
        ]
        for (const signature of signatures) {
          const error = yield* rejectionOf(incoming({ ...body, signature }))
          assert.strictEqual(error._tag, "BadSignature")
        }
      }).pipe(Effect.provide(Default)))

    it.effect("signed for another team", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        yield* seedTeam(otherTeamId, { stageChange: "globex-signing-token" })
        const error = yield* rejectionOf(incoming(signedBody(), { teamId: otherTeamId }))
        assert.strictEqual(error._tag, "BadSignature")
      }).pipe(Effect.provide(Default)))
  })

  describe("tolerance window (default 300 s past, 60 s future)", () => {
    const at = (ageMs: number) =>
      Effect.gen(function*() {
        const body = signedBody({ triggeredAt: now - ageMs })
        return yield* Effect.exit(verify(incoming(body, { receivedAt: now })))
      })

    it.effect("accepts exactly 300 s old and rejects 301 s old, with both times on the error", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        assert.isTrue(Exit.isSuccess(yield* at(300_000)))
        const error = yield* Effect.flip(Effect.flatten(at(301_000)))
        assert.strictEqual(error._tag, "StaleWebhook")
        if (error._tag === "StaleWebhook") {
          assert.strictEqual(error.triggeredAt, now - 301_000)
          assert.strictEqual(error.receivedAt, now)
          assert.include(error.message, "301 s")
        }
        const justOver = yield* Effect.flip(Effect.flatten(at(300_001)))
        assert.strictEqual(justOver._tag, "StaleWebhook")
      }).pipe(Effect.provide(Default)))

    it.effect("accepts exactly 60 s in the future and rejects 61 s", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        assert.isTrue(Exit.isSuccess(yield* at(-60_000)))
        const error = yield* Effect.flip(Effect.flatten(at(-61_000)))
        assert.strictEqual(error._tag, "StaleWebhook")
        if (error._tag === "StaleWebhook") {
          assert.strictEqual(error.triggeredAt, now + 61_000)
          assert.include(error.message, "61 s")
        }
      }).pipe(Effect.provide(Default)))

    it.effect("follows layer options", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        assert.isTrue(Exit.isSuccess(yield* at(10_000)))
        assert.strictEqual((yield* Effect.flip(Effect.flatten(at(11_000))))._tag, "StaleWebhook")
        assert.isTrue(Exit.isSuccess(yield* at(-5_000)))
        assert.strictEqual((yield* Effect.flip(Effect.flatten(at(-6_000))))._tag, "StaleWebhook")
      }).pipe(Effect.provide(layerWith({ pastToleranceSeconds: 10, futureToleranceSeconds: 5 }))))

    it.effect("refuses to build with an invalid option", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Layer.build(layerWith({ pastToleranceSeconds: -3 })))
        assert.strictEqual(error._tag, "InvalidTolerance")
        assert.include(error.message, "pastToleranceSeconds")
      }).pipe(Effect.scoped))
  })

  describe("layerConfig", () => {
    const configured = (env: Record<string, string>) =>
      SignatureVerifierLever.layerConfig.pipe(
        Layer.provideMerge(MemoryStores.layer),
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env)))
      )

    it.effect("reads WEBHOOK_TOLERANCE_SECONDS as the past tolerance", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const old = (ageMs: number) => Effect.exit(verify(incoming(signedBody({ triggeredAt: now - ageMs }))))
        assert.isTrue(Exit.isSuccess(yield* old(600_000)))
        assert.isTrue(Exit.isFailure(yield* old(601_000)))
        assert.isTrue(Exit.isSuccess(yield* Effect.exit(verify(incoming(signedBody({ triggeredAt: now + 60_000 }))))))
      }).pipe(Effect.provide(configured({ WEBHOOK_TOLERANCE_SECONDS: "600" }))))

    it.effect("defaults to 300 s when the variable is unset", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const old = (ageMs: number) => Effect.exit(verify(incoming(signedBody({ triggeredAt: now - ageMs }))))
        assert.isTrue(Exit.isSuccess(yield* old(300_000)))
        assert.isTrue(Exit.isFailure(yield* old(301_000)))
      }).pipe(Effect.provide(configured({}))))

    it.effect("fails at start, naming the variable, when it is not whole seconds in range", () =>
      Effect.gen(function*() {
        for (const value of ["soon", "-5", "2.5", "100000"]) {
          const error = yield* Effect.flip(Layer.build(configured({ WEBHOOK_TOLERANCE_SECONDS: value })))
          assert.strictEqual(error._tag, "InvalidConfig", value)
          assert.include(error.message, "WEBHOOK_TOLERANCE_SECONDS", value)
        }
      }).pipe(Effect.scoped))
  })

  describe("duplicates", () => {
    it.effect("a validly signed token already in the inbox is a duplicate, not an error", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        assert.isFalse((yield* verify(incoming(body))).duplicate)
        // Verifying does not record the token: the host's inbox write does.
        assert.isFalse((yield* verify(incoming(body))).duplicate)
        yield* acceptToken(body.token)
        const again = yield* verify(incoming(body, { receivedAt: now + 120_000 }))
        assert.isTrue(again.duplicate)
        assert.strictEqual(again.payload._tag, "StageChanged")
      }).pipe(Effect.provide(Default)))

    it.effect("a token seen by another team is not a duplicate for this one", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        yield* seedTeam(otherTeamId, { stageChange: signingTokens.stageChange })
        const body = signedBody()
        yield* acceptToken(body.token)
        assert.isFalse((yield* verify(incoming(body, { teamId: otherTeamId }))).duplicate)
      }).pipe(Effect.provide(Default)))
  })

  describe("each rejection", () => {
    it.effect("UnknownTeam for a team that does not exist", () =>
      Effect.gen(function*() {
        const error = yield* rejectionOf(incoming(signedBody(), { teamId: otherTeamId }))
        assert.deepStrictEqual(error, new SignatureVerifier.UnknownTeam({ teamId: otherTeamId }))
      }).pipe(Effect.provide(Default)))

    it.effect("TokenNotSubmitted for a webhook whose signing token is missing", () =>
      Effect.gen(function*() {
        yield* seedTeam(teamId, { stageChange: signingTokens.stageChange })
        const error = yield* rejectionOf(incoming(signedBody({ signingToken: signingTokens.archiveChange }), {
          webhook: "archiveChange"
        }))
        assert.strictEqual(error._tag, "TokenNotSubmitted")
        if (error._tag === "TokenNotSubmitted") assert.strictEqual(error.webhook, "archiveChange")
      }).pipe(Effect.provide(Default)))

    it.effect("MalformedWebhook for a body that is not JSON", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const error = yield* rejectionOf(incoming("{\"triggeredAt\": 1, \"token\":"))
        assert.strictEqual(error._tag, "MalformedWebhook")
      }).pipe(Effect.provide(Default)))

    it.effect("MissingSignature for a body without signature", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const { signature: _signature, ...unsigned } = signedBody()
        const error = yield* rejectionOf(incoming(unsigned))
        assert.strictEqual(error._tag, "MissingSignature")
      }).pipe(Effect.provide(Default)))

    it.effect("MalformedWebhook for validly signed data that does not fit the event", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const error = yield* rejectionOf(incoming(signedBody({ data: { opportunityId: 42 } })))
        assert.strictEqual(error._tag, "MalformedWebhook")
      }).pipe(Effect.provide(Default)))

    it.effect("StoreError from the stores, passed through for the host to answer 503", () =>
      Effect.gen(function*() {
        const error = yield* rejectionOf(incoming(signedBody()))
        assert.strictEqual(error._tag, "StoreError")
      }).pipe(
        Effect.provide(
          SignatureVerifierLever.layer().pipe(
            Layer.provide(
              Layer.succeed(ConfigStore.ConfigStore, ConfigStore.ConfigStore.of({
                create: () => Effect.die("unused"),
                get: () => Effect.fail(new StoreError.StoreError({ operation: "get", message: "down" })),
                list: () => Effect.die("unused"),
                update: () => Effect.die("unused"),
                putSecret: () => Effect.die("unused"),
                getSecret: () => Effect.succeed(Option.none()),
                deleteSecret: () => Effect.die("unused")
              }))
            ),
            Layer.provide(layerWith())
          )
        )
      ))
  })

  describe("check order: an attacker without the signing token learns nothing", () => {
    it.effect("an unknown team is reported before anything about the body", () =>
      Effect.gen(function*() {
        const error = yield* rejectionOf(incoming("not json", { teamId: otherTeamId }))
        assert.strictEqual(error._tag, "UnknownTeam")
      }).pipe(Effect.provide(Default)))

    it.effect("a missing signing token is reported before anything about the body", () =>
      Effect.gen(function*() {
        yield* seedTeam(teamId, {})
        const error = yield* rejectionOf(incoming("not json"))
        assert.strictEqual(error._tag, "TokenNotSubmitted")
      }).pipe(Effect.provide(Default)))

    it.effect("a forged delivery is BadSignature even when it is also stale, far-future or replayed", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const seen = signedBody()
        yield* acceptToken(seen.token)
        const forged = (body: Body) => ({ ...body, signature: "0".repeat(64) })
        for (
          const body of [
            forged(signedBody({ triggeredAt: now - 3_600_000 })),
            forged(signedBody({ triggeredAt: now + 3_600_000 })),
            forged(seen)
          ]
        ) {
          assert.strictEqual((yield* rejectionOf(incoming(body)))._tag, "BadSignature")
        }
      }).pipe(Effect.provide(Default)))

    it.effect("a forged delivery is BadSignature whatever its data, so data rules cannot be probed", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = { ...signedBody({ data: { opportunityId: 42 } }), signature: "0".repeat(64) }
        assert.strictEqual((yield* rejectionOf(incoming(body)))._tag, "BadSignature")
      }).pipe(Effect.provide(Default)))

    it.effect("a stale replay of a seen token is StaleWebhook, not a duplicate", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        yield* acceptToken(body.token)
        const error = yield* rejectionOf(incoming(body, { receivedAt: now + 301_000 }))
        assert.strictEqual(error._tag, "StaleWebhook")
      }).pipe(Effect.provide(Default)))
  })

  describe("secrets", () => {
    it.effect("no rejection, message or span carries the signing token, the signature or the full token", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const body = signedBody()
        const seen = signedBody()
        yield* acceptToken(seen.token)
        const attempts = [
          incoming({ ...body, token: changeAt(body.token, 3) }),
          incoming({ ...body, signature: changeAt(body.signature, 3) }),
          incoming(signedBody({ token: body.token, triggeredAt: now - 400_000 })),
          incoming({ ...body, token: "x".repeat(300) }),
          incoming({ ...body, signature: body.signature.repeat(4) }),
          incoming(body, { webhook: "candidateDeleted" }),
          incoming(body, { teamId: otherTeamId }),
          incoming(seen)
        ]
        const { spans, tracer } = recordingTracer()
        const outputs: Array<string> = []
        for (const attempt of attempts) {
          const exit = yield* Effect.exit(verify(attempt).pipe(Effect.withTracer(tracer)))
          outputs.push(
            Exit.isFailure(exit)
              ? `${String(Exit.findErrorOption(exit).pipe(Option.getOrUndefined))} ${
                JSON.stringify(Exit.findErrorOption(exit).pipe(Option.getOrUndefined))
              }`
              : "accepted"
          )
        }
        for (const span of spans) {
          outputs.push(JSON.stringify([...span.attributes.entries()]))
        }
        const everything = outputs.join("\n")
        const secrets = [signingTokens.stageChange, signingTokens.archiveChange, body.token, body.signature, seen.token]
        for (const secret of secrets) assert.notInclude(everything, secret)
      }).pipe(Effect.provide(Default)))
  })

  describe("tracing", () => {
    it.effect("records team id, webhook and outcome on the SignatureVerifier.verify span", () =>
      Effect.gen(function*() {
        yield* seedTeam()
        const { spans, tracer } = recordingTracer()
        const body = signedBody()
        yield* verify(incoming(body)).pipe(Effect.withTracer(tracer))
        yield* acceptToken(body.token)
        yield* verify(incoming(body)).pipe(Effect.withTracer(tracer))
        yield* Effect.exit(verify(incoming({ ...body, signature: "0".repeat(64) })).pipe(Effect.withTracer(tracer)))
        const outcomes = spans
          .filter((span) => span.name === "SignatureVerifier.verify")
          .map((span) => [
            span.attributes.get("fulcrum.team_id"),
            span.attributes.get("fulcrum.webhook"),
            span.attributes.get("fulcrum.outcome")
          ])
        assert.deepStrictEqual(outcomes, [
          [teamId, "stageChange", "accepted"],
          [teamId, "stageChange", "duplicate"],
          [teamId, "stageChange", "BadSignature"]
        ])
      }).pipe(Effect.provide(Default)))
  })
})
