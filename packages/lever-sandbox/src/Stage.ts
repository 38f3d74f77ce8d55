/**
 * A pipeline stage, as `GET /stages` returns it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * `{id, text}`. Ids are opaque: default stages have ids like `lead-new` or `offer`, custom ones are UUIDs.
 *
 * @since 0.1.0
 */
export const Stage = Schema.Struct({
  id: Schema.String,
  text: Schema.String
})

/** The type {@link Stage} decodes to. @since 0.1.0 */
export type Stage = typeof Stage.Type
