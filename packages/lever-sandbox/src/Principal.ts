/**
 * Who is calling the API: an API key or an OAuth grant, with the permissions it holds.
 *
 * @since 0.1.0
 */
import type { Permission } from "./Permission.ts"

/**
 * An authenticated caller. `id` is the API key id or the OAuth grant id (the rate-limit bucket and the
 * request-log identity); `confidential` says whether confidential opportunities are visible.
 *
 * @since 0.1.0
 */
export interface Principal {
  readonly kind: "apiKey" | "oauth"
  readonly id: string
  readonly name: string
  readonly permissions: ReadonlySet<Permission>
  readonly confidential: boolean
}
