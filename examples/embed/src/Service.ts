/**
 * What every variant of the service shares: Fulcrum created with the platform's own scheduler and
 * started (its worker runs in this process), and the running service each variant hands back.
 */
import { createFulcrum, type Fulcrum } from "@fulcrum/embed"
import * as Invites from "./Invites.ts"
import { prefix, type RunningService, type ServiceOptions } from "./Options.ts"

/** Fulcrum, started, and the invites the platform's scheduler sent. */
export interface StartedFulcrum {
  readonly fulcrum: Fulcrum
  readonly invites: RunningService["invites"]
}

/**
 * Creates and starts Fulcrum for a service listening at `origin`. `mounted: "stripped"` is for
 * frameworks that remove the mount path before Fulcrum sees the request (Express's `app.use`).
 */
export const startFulcrum = async (
  options: ServiceOptions,
  origin: string,
  mounted: "full-path" | "stripped" = "full-path"
): Promise<StartedFulcrum> => {
  const { invites, scheduler } = Invites.make()
  const fulcrum = await createFulcrum({
    database: options.database,
    secretKey: options.secretKey,
    adminToken: options.fulcrumAdminToken,
    publicBaseUrl: `${origin}${prefix}`,
    ...(mounted === "full-path" ? { basePath: prefix } : {}),
    scheduler,
    allowCustomLeverUrl: options.allowCustomLeverUrl ?? false,
    logLevel: "Warn"
  })
  await fulcrum.start()
  return { fulcrum, invites }
}

/** The running service: stopping closes the platform's server first, then Fulcrum's worker and pool. */
export const running = (origin: string, started: StartedFulcrum, close: () => Promise<void>): RunningService => ({
  url: origin,
  invites: started.invites,
  stop: async () => {
    await close()
    await started.fulcrum.stop()
  }
})

/** Closes a `node:http` server once its connections end. */
export const closeServer = (server: { close: (done: () => void) => unknown }) => () =>
  new Promise<void>((resolve) => void server.close(() => resolve()))
