/**
 * The permissions of a Lever API key, named like Lever's OAuth scopes (which mirror the per-endpoint
 * read/write checkboxes shown when a key is created in Lever).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Every permission the sandbox knows, in the order Lever's settings page lists them.
 *
 * @since 0.1.0
 */
export const all = [
  "stages:read:admin",
  "archive_reasons:read:admin",
  "tags:read:admin",
  "tags:write:admin",
  "opportunities:read:admin",
  "opportunities:write:admin",
  "notes:read:admin",
  "notes:write:admin",
  "webhooks:read:admin",
  "webhooks:write:admin"
] as const

/**
 * A Lever permission (`<resource>:<read|write>:admin`).
 *
 * @since 0.1.0
 */
export const Permission = Schema.Literals(all)

/**
 * @since 0.1.0
 */
export type Permission = typeof Permission.Type

/**
 * Guard for {@link Permission}.
 *
 * @since 0.1.0
 */
export const isPermission: (u: unknown) => u is Permission = Schema.is(Permission)

/**
 * The OAuth scope that asks for a refresh token. It is not a permission.
 *
 * @since 0.1.0
 */
export const OfflineAccess = "offline_access"

/**
 * What Fulcrum's transient setup key needs: read the configuration lists and register webhooks.
 *
 * @since 0.1.0
 */
export const setup: ReadonlyArray<Permission> = [
  "stages:read:admin",
  "archive_reasons:read:admin",
  "tags:read:admin",
  "webhooks:read:admin",
  "webhooks:write:admin"
]

/**
 * What Fulcrum's stored permanent key needs at runtime (read candidates, post notes, keep progress tags,
 * health checks).
 *
 * @since 0.1.0
 */
export const permanent: ReadonlyArray<Permission> = [
  "opportunities:read:admin",
  "notes:read:admin",
  "notes:write:admin",
  "stages:read:admin",
  "archive_reasons:read:admin",
  "tags:write:admin"
]
