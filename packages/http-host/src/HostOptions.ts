/**
 * What the HTTP host needs to know about where it runs.
 *
 * @since 0.1.0
 */
import { Context } from "effect"

/** What the routes need to know about where they run. @since 0.1.0 */
export interface HostOptionsShape {
  /** The origin Lever and browsers reach this host at, e.g. `https://fulcrum.example.com` (no trailing slash). */
  readonly publicBaseUrl: string
  /** The largest request body accepted (Lever's webhooks are a few hundred bytes). */
  readonly maxBodyBytes: number
}

/** The default body limit: 1 MiB. @since 0.1.0 */
export const defaultMaxBodyBytes = 1_048_576

/** The routes' `HostOptions`, provided by the host or the embedder. @since 0.1.0 */
export class HostOptions extends Context.Service<HostOptions, HostOptionsShape>()("@fulcrum/http-host/HostOptions") {}
