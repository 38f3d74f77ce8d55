/**
 * The permissions of a Lever API key, named like Lever's OAuth scopes (which mirror the per-endpoint
 * read/write checkboxes shown when a key is created in Lever).
 *
 * @since 0.1.0
 */
import { Lever } from "@fulcrum/domain"
import { Schema } from "effect"

/**
 * Every permission the sandbox knows: Lever's, in the order Lever's settings page lists them
 * (`Lever.allPermissions`).
 *
 * @since 0.1.0
 */
export const all = Lever.allPermissions

/**
 * A Lever permission (`<resource>:<read|write>:admin`): `Lever.LeverPermission`.
 *
 * @since 0.1.0
 */
export const Permission = Lever.LeverPermission

/** A Lever API key permission, as the domain names it. @since 0.1.0 */
export type Permission = Lever.LeverPermission

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
export const setup: ReadonlyArray<Permission> = [...Lever.setupPermissions, ...Lever.webhookPermissions]

/**
 * What Lever checks for `POST /opportunities/:id/addTags` and `/removeTags`. Lever files tag changes under
 * opportunity writes; it has no scope that writes tags, so a key with only `tags:write:admin` gets a 403.
 *
 * @since 0.1.0
 */
export const tagChanges: Permission = "opportunities:write:admin"

/**
 * What Fulcrum's stored permanent key needs at runtime (read candidates, post notes, keep progress tags,
 * health checks).
 *
 * @since 0.1.0
 */
export const permanent: ReadonlyArray<Permission> = [...Lever.runtimePermissions, tagChanges, Lever.postingsPermission]
