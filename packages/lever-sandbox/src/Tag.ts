/**
 * A tag, as `GET /tags` returns it. Tags are plain case-sensitive strings; there are no tag ids.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * `{text, count}` where `count` is the number of opportunities carrying the tag (visible to the caller).
 *
 * @since 0.1.0
 */
export const Tag = Schema.Struct({
  text: Schema.String,
  count: Schema.Int
})

/** The type {@link Tag} decodes to. @since 0.1.0 */
export type Tag = typeof Tag.Type

/**
 * The body of `POST /opportunities/:id/addTags` and `/removeTags`.
 *
 * @since 0.1.0
 */
export const TagsInput = Schema.Struct({
  tags: Schema.Array(Schema.NonEmptyString)
})

/** The type {@link TagsInput} decodes to. @since 0.1.0 */
export type TagsInput = typeof TagsInput.Type
