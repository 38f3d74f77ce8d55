/**
 * Lever's JSON as it arrives, decoded leniently: unknown fields are ignored, optional parts may be missing
 * or `null`, and the variants seen in the wild are accepted (stage as an id or `{id, text}`, the legacy
 * top-level `archivedAt`/`archiveReason`, `confidentiality` as a string, a note as `{noteId}` or as the
 * whole note). `toX` functions turn the wire shape into Fulcrum's domain values, which are then checked
 * against the domain schemas.
 */
import { Lever } from "@fulcrum/domain"
import { Schema } from "effect"

const OptionalString = Schema.optional(Schema.NullOr(Schema.String))
const OptionalNumber = Schema.optional(Schema.NullOr(Schema.Number))

/** A page of a list endpoint: `{data: [...], hasNext, next}`. */
export const Page = Schema.Struct({
  data: Schema.Array(Schema.Unknown),
  hasNext: Schema.optional(Schema.NullOr(Schema.Boolean)),
  next: OptionalString
})

/** A single-object answer: `{data: {...}}`. */
export const Single = Schema.Struct({ data: Schema.Unknown })

/** `GET /stages` item. */
export const Stage = Schema.Struct({ id: Schema.String, text: Schema.String })

/** `GET /archive_reasons` item. `status`/`type` are strings so an unexpected value never fails a list. */
export const ArchiveReason = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  status: OptionalString,
  type: OptionalString
})

/** Lever only marks a reason inactive explicitly; anything else is treated as active. */
export const toArchiveReason = (wire: typeof ArchiveReason.Type) => ({
  id: wire.id,
  text: wire.text,
  status: wire.status === "inactive" ? "inactive" as const : "active" as const,
  type: wire.type === "hired" ? "hired" as const : "non-hired" as const
})

/** `GET /tags` item; `count` is informative only. */
export const Tag = Schema.Struct({ text: Schema.String, count: OptionalNumber })

/** Tags without a count are reported with 0. */
export const toTag = (wire: typeof Tag.Type): Lever.LeverTag => ({ text: wire.text, count: wire.count ?? 0 })

/** `stage` on an opportunity: the id, or `{id, text}` when expanded. */
const StageRef = Schema.Union([Schema.String, Schema.Struct({ id: Schema.String })])

/** `GET /opportunities/:id` data. */
export const Opportunity = Schema.Struct({
  id: Schema.String,
  name: OptionalString,
  contact: OptionalString,
  emails: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
  tags: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
  stage: Schema.optional(Schema.NullOr(StageRef)),
  archived: Schema.optional(Schema.NullOr(Schema.Struct({ reason: Schema.String, archivedAt: Schema.Number }))),
  /** Legacy: older payloads carry the archive state at the top level. */
  archivedAt: OptionalNumber,
  archiveReason: OptionalString,
  confidentiality: OptionalString,
  urls: Schema.optional(Schema.NullOr(Schema.Struct({ show: OptionalString }))),
  /** With `?expand=applications`, the application objects; without it, their ids (ignored). */
  applications: Schema.optional(Schema.NullOr(Schema.Array(Schema.Unknown)))
})

/** An expanded application: only its posting matters (`null` for a candidate added without one). */
const Application = Schema.Struct({ posting: Schema.optional(Schema.NullOr(Schema.String)) })
const isApplication = Schema.is(Application)

/**
 * The posting of an opportunity's applications: the first application that names one. Applications left
 * unexpanded (ids only) say nothing, so the posting is then unknown (`undefined`) rather than `null`.
 */
const postingOf = (applications: ReadonlyArray<unknown> | null | undefined) => {
  if (applications === undefined || applications === null) return undefined
  const expanded = applications.filter((application) => typeof application === "object" && isApplication(application))
  if (expanded.length === 0 && applications.length > 0) return undefined
  const posting = expanded.map((application) => application.posting).find((id) => typeof id === "string" && id !== "")
  return posting === undefined || posting === null ? null : { id: posting, title: null }
}

/** Normalises an opportunity; the result is checked against `Lever.LeverOpportunity` afterwards. */
export const toOpportunity = (wire: typeof Opportunity.Type) => {
  const stageId = wire.stage === undefined || wire.stage === null
    ? null
    : typeof wire.stage === "string"
    ? wire.stage
    : wire.stage.id
  const archived = wire.archived ??
    (typeof wire.archiveReason === "string" && typeof wire.archivedAt === "number"
      ? { reason: wire.archiveReason, archivedAt: wire.archivedAt }
      : null)
  const url = wire.urls?.show
  const posting = postingOf(wire.applications)
  return {
    id: wire.id,
    name: wire.name ?? "",
    ...(typeof wire.contact === "string" ? { contact: wire.contact } : {}),
    emails: (wire.emails ?? []).filter((email) => email.length > 0),
    tags: wire.tags ?? [],
    stageId: stageId === "" ? null : stageId,
    archived,
    confidential: wire.confidentiality === "confidential",
    ...(typeof url === "string" ? { url } : {}),
    ...(posting === undefined ? {} : { posting })
  }
}

/** `GET /postings` item: categories may be missing or `null`; anything else is ignored. */
export const Posting = Schema.Struct({
  id: Schema.String,
  text: OptionalString,
  state: OptionalString,
  categories: Schema.optional(Schema.NullOr(Schema.Struct({
    team: OptionalString,
    department: OptionalString,
    location: OptionalString,
    commitment: OptionalString
  })))
})

/** Normalises a posting; the result is checked against `Posting.LeverPosting` afterwards. */
export const toPosting = (wire: typeof Posting.Type) => ({
  id: wire.id,
  text: wire.text ?? "",
  state: wire.state ?? "unknown",
  team: wire.categories?.team ?? null,
  department: wire.categories?.department ?? null,
  location: wire.categories?.location ?? null,
  commitment: wire.categories?.commitment ?? null
})

/** A note: Lever keeps the text in `fields[].value`; some payloads have a top-level `value`. */
export const Note = Schema.Struct({
  id: Schema.String,
  value: OptionalString,
  fields: Schema.optional(Schema.NullOr(Schema.Array(Schema.Struct({ value: Schema.optional(Schema.Unknown) })))),
  createdAt: OptionalNumber,
  deletedAt: OptionalNumber
})

/** Whether Lever still shows the note (deleted notes can be listed with a `deletedAt`). */
export const isLive = (wire: typeof Note.Type): boolean => wire.deletedAt === undefined || wire.deletedAt === null

/** The note's text: the top-level `value`, else its fields' string values joined by newlines. */
export const toNote = (wire: typeof Note.Type): Lever.LeverNote => ({
  id: wire.id,
  value: typeof wire.value === "string"
    ? wire.value
    : (wire.fields ?? []).flatMap((field) => typeof field.value === "string" ? [field.value] : []).join("\n"),
  ...(typeof wire.createdAt === "number" ? { createdAt: wire.createdAt } : {})
})

/** `POST /opportunities/:id/notes` data: documented `{noteId}`, or the whole note `{id, ...}`. */
export const CreatedNote = Schema.Union([
  Schema.Struct({ noteId: Schema.String }),
  Schema.Struct({ id: Schema.String })
])

/** The id of the note just created, whichever shape Lever answered with. */
export const createdNoteId = (wire: typeof CreatedNote.Type): string => "noteId" in wire ? wire.noteId : wire.id

/** A webhook as `GET /webhooks` and `POST /webhooks` return it. */
export const Webhook = Schema.Struct({
  id: Schema.String,
  event: Schema.String,
  url: Schema.String,
  configuration: Schema.optional(Schema.NullOr(Schema.Struct({ signatureToken: OptionalString })))
})
