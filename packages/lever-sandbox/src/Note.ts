/**
 * A note on an opportunity and the body of `POST /opportunities/:id/notes`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The form title of every note. Lever has one note form; its title is what `text` carries, while the
 * note's words are in its fields.
 *
 * @since 0.1.0
 */
export const Title = "Note"

/**
 * One comment of a note (Lever's `note` field type): the words in `value`, the author, the opportunity's
 * stage when it was written, and the 1–4 score given with it (`null` when none).
 *
 * @since 0.1.0
 */
export const NoteField = Schema.Struct({
  type: Schema.Literal("note"),
  text: Schema.String,
  value: Schema.String,
  createdAt: Schema.Number,
  user: Schema.String,
  score: Schema.NullOr(Schema.Int),
  stage: Schema.NullOr(Schema.String)
})

/** The type {@link NoteField} decodes to. @since 0.1.0 */
export type NoteField = typeof NoteField.Type

/**
 * The note as `GET /opportunities/:id/notes` returns it (and as `POST` returns it when the sandbox's
 * `noteResponse` setting is `"full"`), in Lever's shape: `text` is the form title {@link Title}, the
 * note's words are `fields[].value`. A note is complete when written, so `completedAt` is its `createdAt`.
 *
 * @since 0.1.0
 */
export const Note = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  fields: Schema.Array(NoteField),
  user: Schema.String,
  secret: Schema.Boolean,
  completedAt: Schema.Number,
  createdAt: Schema.Number,
  deletedAt: Schema.NullOr(Schema.Number)
})

/** The type {@link Note} decodes to. @since 0.1.0 */
export type Note = typeof Note.Type

/**
 * A note as the control handle returns it, to assert what an integration wrote: Lever's note, except that
 * `text` is the note's words (its comments' values, one per line) and `title` is the form title the API
 * serves as `text`.
 *
 * @since 0.1.0
 */
export const ControlNote = Schema.Struct({
  ...Note.fields,
  title: Schema.String
})

/** The type {@link ControlNote} decodes to. @since 0.1.0 */
export type ControlNote = typeof ControlNote.Type

/**
 * The control handle's view of a note.
 *
 * @since 0.1.0
 */
export const toControlNote = (note: Note): ControlNote => ({
  ...note,
  title: note.text,
  text: note.fields.map((field) => field.value).join("\n")
})

/**
 * The body of `POST /opportunities/:id/notes`. `score` is 1–4; `createdAt` (epoch ms) must be in the past.
 *
 * @since 0.1.0
 */
export const NoteInput = Schema.Struct({
  value: Schema.NonEmptyString,
  secret: Schema.optionalKey(Schema.Boolean),
  score: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 4 }))),
  notifyFollowers: Schema.optionalKey(Schema.Boolean),
  createdAt: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/** The type {@link NoteInput} decodes to. @since 0.1.0 */
export type NoteInput = typeof NoteInput.Type

/**
 * The two response shapes of `POST /opportunities/:id/notes`: the documented `{noteId}`, or the full note
 * object some real accounts return.
 *
 * @since 0.1.0
 */
export const NoteResponse = Schema.Literals(["noteId", "full"])

/** The type {@link NoteResponse} decodes to. @since 0.1.0 */
export type NoteResponse = typeof NoteResponse.Type
