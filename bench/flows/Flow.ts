/**
 * The candidate flow under measurement, and what it runs on: a team configured through the real
 * `TeamSetup` use cases, signed `candidateStageChange` webhooks received by `ReceiveWebhook` (verified by
 * core's `SignatureVerifierMemory`: Lever's HMAC, tolerance window and inbox duplicate check, the pipeline
 * `@fulcrum/signature-lever` runs too), and the layers a worker process needs to run `ProcessEvent`
 * against the SQL stores with a no-op Lever and the in-memory scheduler.
 *
 * One flow = a tagged candidate moved to the assessment stage: webhook stored → opportunity read →
 * decision journaled → invite sent (scheduler, idempotency key) → note posted on Lever → event done.
 */
import {
  ConfigStoreCache,
  InterviewSchedulerMemory,
  SignatureVerifierMemory,
  LeverApi,
  LeverSignature,
  Policy,
  ReceiveWebhook,
  TeamSetup
} from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Database, SecretCipher, Stores } from "@fulcrum/store-sql"
import { Control, InProcess, LeverSandbox } from "@fulcrum/lever-sandbox"
import { Clock, Context, Effect, Layer, Record as Rec, Redacted } from "effect"
import type { SqlClient } from "effect/sql"

/** The interview-type tag every benchmark candidate carries. */
export const tag = "fulcrum-bench"

const keys = {
  permanent: Redacted.make(LeverSandbox.PermanentApiKey),
  setup: Redacted.make(LeverSandbox.SetupApiKey)
}
const stageIds = Rec.map(LeverSandbox.StageIds, (id) => Ids.StageId.make(id))

/** The id of the `n`th benchmark team. */
export const teamIdOf = (n: number): Ids.TeamId => Ids.TeamId.make(`bench-team-${n}`)

/** Notes the no-op Lever "posted", by opportunity: when, on this process's clock. */
export class PostedNotes extends Context.Service<PostedNotes, Map<string, number>>()("bench/PostedNotes") {}

/**
 * A Lever that answers the worker's calls without keeping anything: every opportunity exists, sits in
 * the assessment stage with the benchmark tag and one email; it has no notes; posting a note succeeds
 * (and is timed in `PostedNotes`). Setup calls (stages, reasons, webhooks, permissions) go to the
 * Lever sandbox in-process, whose seeded account the team is configured against.
 */
export const noopLever = Layer.effectContext(
  Effect.gen(function*() {
    const memory = yield* InProcess.make
    const posted = new Map<string, number>()
    let notes = 0
    const api = LeverApi.LeverApi.of({
      ...memory,
      getOpportunity: (_target, opportunityId) =>
        Effect.succeed({
          id: opportunityId,
          name: `Candidate ${opportunityId}`,
          emails: [`${opportunityId}@example.com`],
          tags: [tag],
          stageId: stageIds.technicalAssessment,
          archived: null,
          confidential: false
        }),
      listNotes: () => Effect.succeed([]),
      addNote: (_target, opportunityId) =>
        Effect.map(Clock.currentTimeMillis, (at) => {
          posted.set(opportunityId, at)
          return { noteId: `note-${++notes}` }
        })
    })
    return Context.make(LeverApi.LeverApi, api).pipe(Context.add(PostedNotes, posted))
  })
).pipe(Layer.provideMerge(InProcess.layerServices()))

/** Teams may point at the in-process Lever's base URL. */
export const policy = Layer.succeed(Policy.Policy, { ...Policy.defaults, allowCustomLeverUrl: true })

/**
 * The stores on a database, with the secret key every process of a run shares (the team's Lever key and
 * signing tokens are sealed with it), and team settings cached for a second in front of them, as
 * `fulcrum-http` and `fulcrum-worker` run them. The `SqlClient` stays visible for the benchmark's own
 * queries.
 */
export const stores = <E>(database: Layer.Layer<SqlClient.SqlClient, E>, secretKey: Redacted.Redacted<string>) =>
  ConfigStoreCache.layer().pipe(
    Layer.provideMerge(
      Stores.layer.pipe(Layer.provideMerge(Layer.merge(database, SecretCipher.layer({ current: secretKey }))))
    )
  )

/** The stores on PostgreSQL at `url`. */
export const storesPg = (url: string, secretKey: Redacted.Redacted<string>, maxConnections: number) =>
  stores(Database.layerPg({ url: Redacted.make(url), maxConnections }), secretKey)

/**
 * Everything a process needs to receive webhooks and run the worker, given the stores and a Lever:
 * verifier, scheduler (in memory, no-op) and policy.
 */
export const app = <ROut, E, LOut, LE>(
  storesLayer: Layer.Layer<ROut, E>,
  lever: Layer.Layer<LOut, LE>
) =>
  Layer.mergeAll(SignatureVerifierMemory.layer, InterviewSchedulerMemory.layer, lever, policy).pipe(
    Layer.provideMerge(storesLayer)
  )

/**
 * Configures a team the way an admin would (permanent key, stage mapping, archive reasons, webhooks,
 * one interview type with the benchmark tag, integration on) and returns the stage-change webhook's
 * signing token, read back from the in-process Lever that issued it.
 */
export const configureTeam = Effect.fn("bench.configureTeam")(function*(teamId: Ids.TeamId) {
  yield* TeamSetup.createTeam({
    teamId,
    name: `Bench ${teamId}`,
    environment: { _tag: "Custom", baseUrl: InProcess.baseUrl }
  })
  yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
  yield* TeamSetup.readLeverStages(teamId, keys.setup)
  yield* TeamSetup.mapStages(teamId, {
    assessment: stageIds.technicalAssessment,
    onsite: stageIds.onsiteInterview,
    offer: stageIds.offer
  })
  const reasons = yield* TeamSetup.readLeverArchiveReasons(teamId, keys.setup)
  for (const suggestion of reasons.suggestions) {
    yield* TeamSetup.mapArchiveReason(teamId, suggestion.reasonId, suggestion.offerStatus)
  }
  yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl: "https://fulcrum.bench.invalid", setupKey: keys.setup })
  yield* TeamSetup.addInterviewType(teamId, { name: "Bench assessment", tag })
  yield* TeamSetup.toggleIntegration(teamId, true)
  const lever = yield* Control.ControlHandle
  const path = TeamSetup.webhookPaths(teamId).stageChange
  const webhook = (yield* lever.webhooks.list()).find((w) => w.url.endsWith(path))
  if (webhook === undefined) return yield* Effect.die(new Error(`no stage-change webhook for ${teamId}`))
  return Redacted.make(webhook.configuration.signatureToken)
})

/** A stage-change webhook body as Lever would POST it, for candidate `n` of a run. */
export interface Delivery {
  readonly teamId: Ids.TeamId
  readonly opportunityId: Ids.OpportunityId
  readonly rawBody: string
}

/**
 * Signs `count` stage-change webhooks (applicant → assessment), spread over the teams round-robin. The
 * opportunity ids carry `runId`, so runs against one database never collide.
 */
export const signDeliveries = Effect.fn("bench.signDeliveries")(function*(
  teams: ReadonlyArray<{ readonly teamId: Ids.TeamId; readonly signingToken: Redacted.Redacted<string> }>,
  count: number,
  runId: string
) {
  return yield* Effect.forEach(Array.from({ length: count }, (_, n) => n), (n) => {
    const team = teams[n % teams.length]!
    const opportunityId = Ids.OpportunityId.make(`opp-${runId}-${n}`)
    return Effect.map(
      LeverSignature.sign(team.signingToken, {
        event: "candidateStageChange",
        data: {
          opportunityId,
          candidateId: opportunityId,
          contactId: `contact-${runId}-${n}`,
          fromStageId: stageIds.newApplicant,
          toStageId: stageIds.technicalAssessment
        }
      }),
      (body): Delivery => ({ teamId: team.teamId, opportunityId, rawBody: JSON.stringify(body) })
    )
  }, { concurrency: 16 })
})

/** Receives one delivery as the HTTP host would; fails unless it was accepted as new work. */
export const receive = (delivery: Delivery) =>
  Effect.gen(function*() {
    const receivedAt = yield* Clock.currentTimeMillis
    const outcome = yield* ReceiveWebhook.receiveWebhook({
      teamId: delivery.teamId,
      webhook: "stageChange",
      rawBody: delivery.rawBody,
      receivedAt
    })
    if (outcome._tag !== "Accepted") {
      return yield* Effect.die(new Error(`webhook for ${delivery.opportunityId} was ${outcome._tag}`))
    }
    return receivedAt
  })
