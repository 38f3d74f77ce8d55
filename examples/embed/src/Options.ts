/**
 * What every variant of the service (node:http, Express, Fastify) is started with.
 */
import type { FulcrumOptions } from "@fulcrum/embed"

/** The service's settings: Fulcrum's, plus the platform's own API keys for its admins. */
export interface ServiceOptions {
  readonly port: number
  readonly database: FulcrumOptions["database"]
  readonly secretKey: string
  /** Fulcrum's operator token: never given to the platform's users, set by the service on their calls. */
  readonly fulcrumAdminToken: string
  /** The platform's own admin keys (its auth, not Fulcrum's): `x-platform-key` header. */
  readonly platformKeys: ReadonlySet<string>
  /** The service's public origin; Fulcrum's routes are under `${origin}/fulcrum`. Absent: loopback. */
  readonly publicOrigin?: string
  /** Lets teams point at a custom Lever URL (the Lever sandbox). */
  readonly allowCustomLeverUrl?: boolean
}

/** A running variant: where it listens, what its scheduler did, and how to stop it. */
export interface RunningService {
  readonly url: string
  readonly invites: () => ReadonlyArray<{ readonly interviewId: string; readonly opportunityId: string }>
  readonly stop: () => Promise<void>
}

/** The mount prefix of Fulcrum's routes in this service. */
export const prefix = "/fulcrum"
