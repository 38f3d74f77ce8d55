/**
 * The `InterviewScheduler` port over the assessment provider protocol `v1` (docs/provider-protocol.md):
 * every request signed the Standard Webhooks way with the deployment's `whsec_` secret, invites created
 * with the invite key as `Idempotency-Key`, transient failures retried (see the transport), refusals
 * typed with the provider's message.
 *
 * ```
 * worker ──sendInvite──▶ SchedulerHttp ──POST /v1/invites (signed, Idempotency-Key)──▶ provider
 *                                      ◀── 201/200 {interviewId, inviteUrl, expiresAt} ──
 * ```
 *
 * @example
 * ```ts
 * import { SchedulerHttp } from "@fulcrum/scheduler-http"
 * import { Redacted } from "effect"
 *
 * const Scheduler = SchedulerHttp.layerFetch({
 *   baseUrl: "https://assessments.example.com",
 *   secret: Redacted.make(process.env.FULCRUM_PROVIDER_SECRET!)
 * })
 * ```
 *
 * @since 0.1.0
 */
import { InterviewScheduler, StandardWebhooks } from "@fulcrum/core"
import { Ids, ProviderProtocol } from "@fulcrum/domain"
import { Duration, Effect, Layer, Option, Redacted, Result, Schema } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as Transport from "./internal/Transport.ts"

/** Options of `make` and `layer`. @since 0.1.0 */
export interface Options {
  /** The provider's base URL (`FULCRUM_PROVIDER_URL`), without the `/v1`. */
  readonly baseUrl: string
  /** The shared `whsec_<base64>` secret (`FULCRUM_PROVIDER_SECRET`). */
  readonly secret: Redacted.Redacted<string>
  /** How long one attempt may take, answer read; default 10 s. */
  readonly timeoutMs?: number
  /** Retry budget of one call; defaults: 4 attempts within 30 s, backoff from 250 ms up to 5 s. */
  readonly retry?: Partial<Transport.RetryPolicy>
}

/** The options are unusable: a base URL that is not http(s), or a malformed secret. @since 0.1.0 */
export class InvalidOptions extends Schema.TaggedError<InvalidOptions>()("InvalidOptions", {
  message: Schema.String
}) {}

const decodeOption = <S extends Schema.Top>(schema: S) => Schema.decodeUnknownOption(schema as never) as (
  u: unknown
) => Option.Option<S["Type"]>

const decodeInvite = decodeOption(ProviderProtocol.InviteCreated)
const decodeTypes = decodeOption(ProviderProtocol.InterviewTypeList)

const malformed = (what: string) =>
  new InterviewScheduler.SchedulerUnavailable({ message: `The assessment provider answered ${what} with a malformed body` })

const pathSegment = (id: string) => encodeURIComponent(id)

/**
 * A provider base URL as the scheduler uses it (trimmed, without trailing slashes), or `None` when it is
 * not an http(s) URL: the one check `FULCRUM_PROVIDER_URL` gets wherever it is read.
 *
 * @since 0.2.0
 */
export const normalizeBaseUrl = (url: string): Option.Option<string> => {
  const baseUrl = url.trim().replace(/\/+$/, "")
  return /^https?:\/\/[^\s/]+/.test(baseUrl) && URL.canParse(baseUrl) ? Option.some(baseUrl) : Option.none()
}

/**
 * Builds the scheduler on an `HttpClient`.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("SchedulerHttp.make")(function*(options: Options) {
  const normalized = normalizeBaseUrl(options.baseUrl)
  if (Option.isNone(normalized)) {
    return yield* new InvalidOptions({ message: `The provider URL must be an http(s) URL, not "${options.baseUrl}"` })
  }
  const baseUrl = normalized.value
  if (Result.isFailure(StandardWebhooks.keyBytes(options.secret))) {
    return yield* new InvalidOptions({
      message: "The provider secret must be whsec_ followed by the base64 of at least 16 random bytes"
    })
  }
  const client = yield* HttpClient.HttpClient
  const send = Transport.send(client, {
    baseUrl,
    secret: options.secret,
    timeout: Duration.millis(options.timeoutMs ?? 10_000),
    retry: { maxAttempts: 4, maxElapsedMs: 30_000, baseDelayMs: 250, maxDelayMs: 5_000, ...options.retry }
  })

  const sendInvite = Effect.fn("SchedulerHttp.sendInvite")(function*(request: InterviewScheduler.InviteRequest) {
    const body: ProviderProtocol.CreateInvite = {
      teamId: request.teamId,
      opportunityId: request.opportunityId,
      candidate: { name: request.candidateName, email: request.email },
      interviewType: {
        id: request.interviewType.providerInterviewTypeId ?? request.interviewType.id,
        name: request.interviewType.name
      },
      attempt: request.attempt
    }
    const answer = yield* send({
      method: "POST",
      path: "/v1/invites",
      body,
      headers: { [ProviderProtocol.headerIdempotencyKey]: request.key }
    })
    const invite = decodeInvite(answer.body)
    if (Option.isNone(invite)) return yield* malformed("POST /v1/invites")
    const sent: InterviewScheduler.SentInvite = {
      interviewId: Ids.InterviewId.make(invite.value.interviewId),
      inviteUrl: invite.value.inviteUrl,
      expiresAt: invite.value.expiresAt === null ? null : Date.parse(invite.value.expiresAt)
    }
    return sent
  })

  return InterviewScheduler.InterviewScheduler.of({
    listInterviewTypes: Effect.fn("SchedulerHttp.listInterviewTypes")(function*(teamId: Ids.TeamId) {
      const answer = yield* send({ method: "GET", path: `/v1/interview-types?teamId=${encodeURIComponent(teamId)}` })
      const types = decodeTypes(answer.body)
      if (Option.isNone(types)) return yield* malformed("GET /v1/interview-types")
      return types.value.data
    }),
    sendInvite,
    notifyNextStep: Effect.fn("SchedulerHttp.notifyNextStep")(function*(request) {
      // The protocol tells a provider about an interview it has; without one, or without a step, there
      // is nothing to say.
      if (request.interviewId === null || request.nextStep === "none") return
      const body: ProviderProtocol.NextStepRequest = { teamId: request.teamId, nextStep: request.nextStep }
      yield* send({ method: "POST", path: `/v1/invites/${pathSegment(request.interviewId)}/next-step`, body })
    }),
    cancel: Effect.fn("SchedulerHttp.cancel")(function*(request) {
      const body: ProviderProtocol.CancelRequest = { teamId: request.teamId, reason: request.reason }
      yield* send({ method: "POST", path: `/v1/invites/${pathSegment(request.interviewId)}/cancel`, body }).pipe(
        // An interview the provider no longer knows is as cancelled as it gets.
        Effect.catchIf(
          (error) => error._tag === "SchedulerRejected" && error.code === "NotFound",
          () => Effect.void
        )
      )
    })
  })
})

/**
 * The scheduler as a Layer on the `HttpClient` the caller provides.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options
): Layer.Layer<InterviewScheduler.InterviewScheduler, InvalidOptions, HttpClient.HttpClient> =>
  Layer.effect(InterviewScheduler.InterviewScheduler, make(options))

/**
 * The scheduler on the platform's `fetch`.
 *
 * @since 0.1.0
 */
export const layerFetch = (options: Options): Layer.Layer<InterviewScheduler.InterviewScheduler, InvalidOptions> =>
  layer(options).pipe(Layer.provide(FetchHttpClient.layer))
