/**
 * A Lever webhook delivery, decoded leniently (unknown fields ignored). The signature covers only
 * `token + triggeredAt`, never the body, so the body is trusted only after the signature check and
 * the opportunity is re-read from Lever before acting.
 *
 * @since 0.1.0
 */
import { Predicate, Result, Schema, SchemaIssue } from "effect"
import { ArchiveReasonId, OpportunityId, StageId } from "./Ids.ts"
import { noControlCharacters, SafeLine } from "./Text.ts"

/**
 * The envelope every Lever webhook shares. `event` and `token` are stored with the event (its kind and
 * dedupe key), so like every id they refuse control characters.
 *
 * @since 0.1.0
 */
export const Envelope = Schema.Struct({
  triggeredAt: Schema.Number,
  event: SafeLine.pipe(Schema.check(Schema.isMaxLength(200))),
  token: Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(200), noControlCharacters)),
  signature: Schema.String.pipe(Schema.check(Schema.isMaxLength(200), noControlCharacters)),
  data: Schema.Unknown
})
/** The type {@link Envelope} decodes to. @since 0.1.0 */
export type Envelope = typeof Envelope.Type

const ArchivedData = Schema.NullOr(Schema.Struct({ archivedAt: Schema.Number, reason: ArchiveReasonId }))

/** `candidateStageChange` data. @since 0.1.0 */
export const StageChangeData = Schema.Struct({
  opportunityId: OpportunityId,
  toStageId: StageId,
  fromStageId: Schema.optionalKey(Schema.NullOr(StageId))
})

/** `candidateArchiveChange` data. @since 0.1.0 */
export const ArchiveChangeData = Schema.Struct({
  opportunityId: OpportunityId,
  fromArchived: Schema.optionalKey(ArchivedData),
  toArchived: ArchivedData
})

/** `candidateDeleted` data: read leniently, the opportunity id may come as either field. @since 0.1.0 */
export const DeletedData = Schema.Struct({
  opportunityId: Schema.optionalKey(OpportunityId),
  candidateId: Schema.optionalKey(OpportunityId)
})

/**
 * What a verified webhook means to Fulcrum.
 *
 * @since 0.1.0
 */
export const WebhookPayload = Schema.TaggedUnion({
  /** Lever's "Verify connection": signed, empty `data`. */
  Ping: {},
  StageChanged: { opportunityId: OpportunityId, toStageId: StageId, fromStageId: Schema.NullOr(StageId) },
  ArchiveChanged: {
    opportunityId: OpportunityId,
    toArchived: Schema.NullOr(Schema.Struct({ archivedAt: Schema.Number, reason: ArchiveReasonId }))
  },
  Deleted: { opportunityId: OpportunityId },
  /** A well-signed event Fulcrum does not act on: acknowledged and ignored. */
  Ignored: { event: SafeLine }
})
/** The type {@link WebhookPayload} decodes to. @since 0.1.0 */
export type WebhookPayload = typeof WebhookPayload.Type

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Decodes one event's data, or says which field is wrong, e.g. `data.toStageId: Missing key`. */
const decodeData = <A>(
  event: string,
  decode: (data: unknown, options: { readonly errors: "all" }) => Result.Result<A, Schema.SchemaError>,
  data: unknown
): Result.Result<A, string> =>
  Result.mapError(decode(data, { errors: "all" }), (error) =>
    `${event}: ` + formatter(error.issue).issues
      .map((issue) => `${["data", ...(issue.path ?? []).map(String)].join(".")}: ${issue.message}`)
      .join("; "))

// Built once: a decoder made per call is rebuilt on every delivery, a measurable share of an ack's CPU.
const decodeStageChange = Schema.decodeUnknownResult(StageChangeData)
const decodeArchiveChange = Schema.decodeUnknownResult(ArchiveChangeData)
const decodeDeleted = Schema.decodeUnknownResult(DeletedData)

const isEmptyObject = (data: unknown): boolean =>
  Predicate.isObject(data) && !Array.isArray(data) && Object.keys(data).length === 0

/**
 * What a verified webhook means: `data: {}` is Lever's "Verify connection" ping (whatever the event
 * name); the three events Fulcrum handles are decoded leniently (unknown fields ignored; a deletion may
 * name the opportunity as `opportunityId` or `candidateId`); any other event is `Ignored`. Malformed data
 * of a handled event fails with a message naming the field.
 *
 * @since 0.1.0
 */
export const toPayload = (envelope: Envelope): Result.Result<WebhookPayload, string> => {
  const { data, event } = envelope
  if (isEmptyObject(data)) return Result.succeed({ _tag: "Ping" })
  switch (event) {
    case "candidateStageChange":
      return Result.map(decodeData(event, decodeStageChange, data), (decoded) => ({
        _tag: "StageChanged" as const,
        opportunityId: decoded.opportunityId,
        toStageId: decoded.toStageId,
        fromStageId: decoded.fromStageId ?? null
      }))
    case "candidateArchiveChange":
      return Result.map(decodeData(event, decodeArchiveChange, data), (decoded) => ({
        _tag: "ArchiveChanged" as const,
        opportunityId: decoded.opportunityId,
        toArchived: decoded.toArchived
      }))
    case "candidateDeleted":
      return Result.flatMap(decodeData(event, decodeDeleted, data), (decoded) => {
        const opportunityId = decoded.opportunityId ?? decoded.candidateId
        return opportunityId === undefined
          ? Result.fail(`${event}: data.opportunityId: Missing key (nor is there a data.candidateId)`)
          : Result.succeed({ _tag: "Deleted" as const, opportunityId })
      })
    default:
      return Result.succeed({ _tag: "Ignored", event })
  }
}
