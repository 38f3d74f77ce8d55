/**
 * What an inbox event asks the worker to do: a verified Lever webhook, a provider report, or an admin
 * request. Stored as JSON in the inbox; decoded with this schema on the way out.
 *
 * @since 0.1.0
 */
import { Candidate, Ids, Text, WebhookEvent } from "@fulcrum/domain"
import { Schema } from "effect"

const lever = WebhookEvent.WebhookPayload.cases

/** What an inbox event carries, by kind. @since 0.1.0 */
export const InboxPayload = Schema.Union([
  lever.Ping,
  lever.StageChanged,
  lever.ArchiveChanged,
  lever.Deleted,
  lever.Ignored,
  Schema.TaggedStruct("ResultReported", {
    interviewId: Ids.InterviewId,
    score: Schema.NullOr(Schema.Finite),
    summary: Text.SafeText,
    reportUrl: Text.SafeLine
  }),
  Schema.TaggedStruct("InterviewStatusReported", {
    interviewId: Ids.InterviewId,
    status: Candidate.InterviewStatus
  }),
  Schema.TaggedStruct("ResendRequested", {
    opportunityId: Ids.OpportunityId,
    interviewTypeId: Schema.NullOr(Ids.InterviewTypeId)
  })
])
/** The type {@link InboxPayload} decodes to. @since 0.1.0 */
export type InboxPayload = typeof InboxPayload.Type
