/**
 * An `InterviewScheduler` over HTTP to the test's `SchedulerStub`: what a provider's scheduler adapter
 * looks like from the worker's side. Any transport failure or non-2xx answer is `SchedulerUnavailable`
 * (retried by the worker), as it would be for a real provider.
 */
import { InterviewScheduler } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Schema } from "effect"
import { InviteAnswer } from "./SchedulerStub.ts"

const post = (url: string, body: unknown) =>
  Effect.tryPromise({
    try: async (signal) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal
      })
      const text = await response.text()
      if (!response.ok) throw new Error(`the provider answered ${response.status}`)
      return text
    },
    catch: (cause) =>
      new InterviewScheduler.SchedulerUnavailable({
        message: `the provider could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`
      })
  })

const decodeAnswer = Schema.decodeUnknownEffect(Schema.fromJsonString(InviteAnswer))

export const layer = (baseUrl: string): Layer.Layer<InterviewScheduler.InterviewScheduler> =>
  Layer.succeed(
    InterviewScheduler.InterviewScheduler,
    InterviewScheduler.InterviewScheduler.of({
      sendInvite: (request) =>
        post(`${baseUrl}/invites`, {
          key: request.key,
          teamId: request.teamId,
          opportunityId: request.opportunityId,
          email: request.email,
          interviewTypeId: request.interviewType.id
        }).pipe(
          Effect.flatMap(decodeAnswer),
          Effect.map((answer) => ({ ...answer, interviewId: Ids.InterviewId.make(answer.interviewId) })),
          Effect.mapError((error) =>
            error._tag === "SchedulerUnavailable"
              ? error
              : new InterviewScheduler.SchedulerUnavailable({ message: "the provider's answer was not an invite" })
          )
        ),
      notifyNextStep: (request) => Effect.asVoid(post(`${baseUrl}/notifications`, request)),
      cancel: (request) => Effect.asVoid(post(`${baseUrl}/cancellations`, request))
    })
  )
