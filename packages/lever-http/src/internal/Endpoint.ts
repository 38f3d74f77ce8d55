/**
 * The Lever endpoints this adapter calls, each with the permission (Lever's OAuth scope, which mirrors the
 * API-key checkbox) it needs and whether repeating it is harmless. A 403 is reported with the endpoint's
 * template and this permission, so the admin knows which checkbox to tick.
 */

/** One Lever endpoint: `GET /opportunities/:id` and what it needs. */
export interface Endpoint {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The path with `:placeholders`, as shown in errors (never the concrete ids). */
  readonly template: string
  readonly permission: string
  /**
   * Whether sending the request twice has the same effect as sending it once. Only idempotent requests
   * are retried after a failure that may have happened after Lever received them (a timeout, a reset
   * connection, a 500/502/504).
   */
  readonly idempotent: boolean
}

const endpoint = (
  method: Endpoint["method"],
  template: string,
  permission: string,
  idempotent: boolean = method !== "POST"
): Endpoint => ({ method, template, permission, idempotent })

/** `METHOD /template`, the name used in errors and logs. */
export const describe = (self: Endpoint): string => `${self.method} ${self.template}`

/** The concrete path: `:id` replaced by the percent-encoded id. */
export const path = (self: Endpoint, id?: string): string =>
  id === undefined ? self.template : self.template.replace(":id", encodeURIComponent(id))

/** `GET /stages`. */
export const listStages = endpoint("GET", "/stages", "stages:read:admin")
/** `GET /archive_reasons`. */
export const listArchiveReasons = endpoint("GET", "/archive_reasons", "archive_reasons:read:admin")
/** `GET /tags`. */
export const listTags = endpoint("GET", "/tags", "tags:read:admin")
/** `GET /opportunities`: only used as the read probe of `opportunities:read:admin`. */
export const listOpportunities = endpoint("GET", "/opportunities", "opportunities:read:admin")
/** `GET /opportunities/:id`. */
export const getOpportunity = endpoint("GET", "/opportunities/:id", "opportunities:read:admin")
/** `GET /postings`. */
export const listPostings = endpoint("GET", "/postings", "postings:read:admin")
/** `GET /postings/:id`. */
export const getPosting = endpoint("GET", "/postings/:id", "postings:read:admin")
/** `GET /opportunities/:id/notes`. */
export const listNotes = endpoint("GET", "/opportunities/:id/notes", "notes:read:admin")
/** Creates a note each time it is sent: never retried once it may have reached Lever. */
export const addNote = endpoint("POST", "/opportunities/:id/notes", "notes:write:admin")
/**
 * Tags are a set: adding or removing the same tags twice leaves the same set, so these are idempotent.
 * Lever counts a tag change as an opportunity write (`opportunities:write:admin`).
 */
export const addTags = endpoint("POST", "/opportunities/:id/addTags", "opportunities:write:admin", true)
export const removeTags = endpoint("POST", "/opportunities/:id/removeTags", "opportunities:write:admin", true)
/** `GET /webhooks`. */
export const listWebhooks = endpoint("GET", "/webhooks", "webhooks:read:admin")
/** Registers a new webhook each time it is sent: never retried once it may have reached Lever. */
export const createWebhook = endpoint("POST", "/webhooks", "webhooks:write:admin")
/** `DELETE /webhooks/:id`. */
export const deleteWebhook = endpoint("DELETE", "/webhooks/:id", "webhooks:write:admin")
