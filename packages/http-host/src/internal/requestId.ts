/**
 * The request id every answer carries in `x-request-id`: the caller's when it is a plain token, else a
 * new one. One rule for the Effect routes (`Fallback`) and the webhook fast path (`WebhookFastPath`).
 */
import { randomUUID } from "node:crypto"

/** A caller's `x-request-id` echoed as it is: a plain token of at most 128 characters. */
const plainToken = /^[\w.:-]{1,128}$/

/** A caller's request id when it is a plain token, else a new one. */
export const requestIdOf = (header: string | undefined): string =>
  header !== undefined && plainToken.test(header) ? header : randomUUID()
