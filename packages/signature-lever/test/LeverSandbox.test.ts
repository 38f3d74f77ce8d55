/**
 * Integration: the Lever sandbox (a fake Lever with its own, independent signer) delivers real signed
 * webhooks over HTTP to a tiny local host that verifies them with this adapter.
 */
import { assert, layer } from "@effect/vitest"
import { MemoryStores, type SignatureVerifier } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { LeverSandbox, Seed } from "@fulcrum/lever-sandbox"
import { Effect, Exit, Layer, Option, Schema } from "effect"
import { SignatureVerifierLever } from "../src/index.ts"
import { changeAt, seedTeam } from "./fixtures.ts"
import { type Received, receiver } from "./support/receiver.ts"

const Stack = Layer.mergeAll(
  // Failed deliveries are retried quickly and only once, so a wrongly rejected webhook shows up fast.
  LeverSandbox.layer({ webhooks: { retryBaseDelayMs: 20, maxRetries: 1, timeoutMs: 5_000 } }),
  SignatureVerifierLever.layer().pipe(Layer.provideMerge(MemoryStores.layer))
)

const verifiedOf = (received: Received): SignatureVerifier.VerifiedWebhook => {
  assert.isTrue(
    Exit.isSuccess(received.exit),
    `${received.path} was rejected: ${String(Option.getOrUndefined(Exit.findErrorOption(received.exit)))}`
  )
  return (received.exit as Exit.Success<SignatureVerifier.VerifiedWebhook>).value
}

const rejectionOf = (received: Received) => Option.getOrThrow(Exit.findErrorOption(received.exit))

/** POSTs a body to the receiver the way Lever does. */
const post = (url: string, rawBody: string) =>
  Effect.promise(() =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Lever-Webhooks" },
      body: rawBody
    }).then((response) => response.status)
  )

const live = { excludeTestServices: true, timeout: 60_000 } as const

layer(Stack, live)("SignatureVerifierLever against the Lever sandbox", (it) => {
  it.effect(
    "accepts the sandbox's signed ping, stage change and archive changes, and rejects altered copies",
    () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const host = yield* receiver
        const teamId = Schema.decodeUnknownSync(Ids.TeamId)("sandbox-team")

        // Registering through Lever's API hands back each webhook's signature token, as in the OAuth flow.
        const stageHook = yield* control.webhooks.register({
          url: host.urlFor(teamId, "stageChange"),
          event: "candidateStageChange"
        })
        const archiveHook = yield* control.webhooks.register({
          url: host.urlFor(teamId, "archiveChange"),
          event: "candidateArchiveChange"
        })
        assert.notStrictEqual(stageHook.configuration.signatureToken, archiveHook.configuration.signatureToken)
        yield* seedTeam(teamId, {
          stageChange: stageHook.configuration.signatureToken,
          archiveChange: archiveHook.configuration.signatureToken
        })

        // Lever's "Verify connection" on both webhooks, then a recruiter's moves.
        yield* control.verifyWebhook(stageHook.id)
        yield* control.verifyWebhook(archiveHook.id)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.technicalAssessment)
        yield* control.archive(Seed.OpportunityIds.ada, Seed.ArchiveReasonIds.offerDeclined)
        yield* control.unarchive(Seed.OpportunityIds.alan)
        assert.isTrue(yield* control.awaitDeliveries())

        const received = yield* host.waitFor(5)
        assert.strictEqual(received.length, 5)
        for (const delivery of received) {
          assert.strictEqual(delivery.headers["user-agent"], "Lever-Webhooks")
          assert.strictEqual(delivery.status, 200)
        }
        const verified = received.map(verifiedOf)
        assert.isTrue(verified.every((v) => !v.duplicate && v.teamId === teamId))

        const pings = verified.filter((v) => v.payload._tag === "Ping")
        assert.deepStrictEqual(pings.map((v) => v.webhook).sort(), ["archiveChange", "stageChange"])

        const stageChanges = verified.filter((v) => v.payload._tag === "StageChanged")
        assert.strictEqual(stageChanges.length, 1)
        assert.deepStrictEqual(stageChanges[0]!.payload, {
          _tag: "StageChanged",
          opportunityId: Ids.OpportunityId.make(Seed.OpportunityIds.ada),
          toStageId: Ids.StageId.make(Seed.StageIds.technicalAssessment),
          fromStageId: Ids.StageId.make(Seed.StageIds.newApplicant)
        })

        const archiveChanges = verified.flatMap((v) =>
          v.payload._tag === "ArchiveChanged" ? [{ webhook: v.webhook, ...v.payload }] : []
        )
        assert.deepStrictEqual(
          archiveChanges
            .map((change) => [change.webhook, change.opportunityId, change.toArchived?.reason ?? null])
            .sort(),
          [
            ["archiveChange", Seed.OpportunityIds.ada, Seed.ArchiveReasonIds.offerDeclined],
            ["archiveChange", Seed.OpportunityIds.alan, null] // unarchived
          ].sort()
        )

        // Lever's history agrees: every delivery got our 2xx on the first attempt.
        const history = yield* control.deliveries()
        assert.strictEqual(history.length, 5)
        for (const delivery of history) {
          assert.strictEqual(delivery.status, "delivered")
          assert.strictEqual(delivery.attempts.length, 1)
        }

        // One byte changed in token or triggeredAt: a forgery, whatever else stays the same.
        for (const original of received) {
          const body = JSON.parse(original.rawBody) as { token: string; triggeredAt: number }
          const url = host.origin + original.path
          const tamperedToken = original.rawBody.replace(body.token, changeAt(body.token, 17))
          const digits = String(body.triggeredAt)
          // The last digit: one millisecond off, still well inside the window.
          const tamperedTime = original.rawBody.replace(
            `"triggeredAt":${digits}`,
            `"triggeredAt":${changeAt(digits, digits.length - 1)}`
          )
          assert.notStrictEqual(tamperedToken, original.rawBody)
          assert.notStrictEqual(tamperedTime, original.rawBody)
          for (const tampered of [tamperedToken, tamperedTime]) {
            assert.strictEqual(yield* post(url, tampered), 401)
            const answered = host.received.at(-1)!
            assert.strictEqual(answered.rawBody, tampered)
            assert.strictEqual(rejectionOf(answered)._tag, "BadSignature")
          }
        }

        // Lever's "Rerun" resends the same body: same token, so a duplicate, acknowledged with 200.
        const event = history.find((delivery) => delivery.kind === "event")!
        const rerun = yield* control.rerun(event.id)
        assert.strictEqual(rerun.status, "delivered")
        const replayed = (yield* host.waitFor(3 * received.length + 1)).at(-1)!
        assert.strictEqual(replayed.status, 200)
        assert.isTrue(verifiedOf(replayed).duplicate)
      }).pipe(Effect.scoped)
  )
})
