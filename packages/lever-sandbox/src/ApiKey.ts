/**
 * Lever API keys: a secret used as the Basic-auth username, fixed permissions and a fixed
 * "access to confidential data" flag.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Permission } from "./Permission.ts"

/**
 * An API key. `key` is the secret itself (this is a local fake, so it is readable through the control
 * handle).
 *
 * @since 0.1.0
 */
export const ApiKey = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  key: Schema.String,
  permissions: Schema.Array(Permission),
  confidential: Schema.Boolean,
  revoked: Schema.Boolean,
  createdAt: Schema.Number
})

/** The type {@link ApiKey} decodes to. @since 0.1.0 */
export type ApiKey = typeof ApiKey.Type

/**
 * What is needed to create a key. Without `key`, a random secret is generated.
 *
 * @since 0.1.0
 */
export const CreateApiKey = Schema.Struct({
  name: Schema.optionalKey(Schema.String),
  key: Schema.optionalKey(Schema.NonEmptyString),
  permissions: Schema.Array(Permission),
  confidential: Schema.optionalKey(Schema.Boolean)
})

/** The type {@link CreateApiKey} decodes to. @since 0.1.0 */
export type CreateApiKey = typeof CreateApiKey.Type
