/**
 * A note on an opportunity and the body of `POST /opportunities/:id/notes`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The note as `GET /opportunities/:id/notes` returns it (and as `POST` returns it when the sandbox's
 * `noteResponse` setting is `"full"`).
 *
 * @since 0.1.0
 */
export const Note = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  fields: Schema.Array(Schema.Struct({ type: Schema.String, text: Schema.String, value: Schema.String })),
  user: Schema.String,
  secret: Schema.Boolean,
  score: Schema.NullOr(Schema.Int),
  completedAt: Schema.NullOr(Schema.Number),
  createdAt: Schema.Number,
  deletedAt: Schema.NullOr(Schema.Number)
})

/**
 * @since 0.1.0
 */
export type Note = typeof Note.Type

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

/**
 * @since 0.1.0
 */
export type NoteInput = typeof NoteInput.Type

/**
 * The two response shapes of `POST /opportunities/:id/notes`: the documented `{noteId}`, or the full note
 * object some real accounts return.
 *
 * @since 0.1.0
 */
export const NoteResponse = Schema.Literals(["noteId", "full"])

/**
 * @since 0.1.0
 */
export type NoteResponse = typeof NoteResponse.Type
