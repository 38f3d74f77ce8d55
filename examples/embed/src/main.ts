/**
 * Runs the node:http variant from the environment: `PORT` (3000), `DATABASE_URL` (else PGlite in
 * `PGLITE_DIR`, else in memory), `FULCRUM_SECRET_KEY`, `FULCRUM_ADMIN_TOKEN`, `PLATFORM_KEYS`
 * (comma-separated), `PUBLIC_ORIGIN`. Stops on SIGTERM/SIGINT.
 */
import * as NodeService from "./NodeService.ts"

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined || value === "") {
    console.error(`${name} is required`)
    process.exit(1)
  }
  return value
}

const service = await NodeService.start({
  port: Number(process.env["PORT"] ?? 3000),
  database: process.env["DATABASE_URL"]
    ? { url: process.env["DATABASE_URL"] }
    : process.env["PGLITE_DIR"] ? { pglite: process.env["PGLITE_DIR"] } : {},
  secretKey: env("FULCRUM_SECRET_KEY"),
  fulcrumAdminToken: env("FULCRUM_ADMIN_TOKEN"),
  platformKeys: new Set(env("PLATFORM_KEYS").split(",")),
  ...(process.env["PUBLIC_ORIGIN"] ? { publicOrigin: process.env["PUBLIC_ORIGIN"] } : {})
})
console.log(`listening on ${service.url}; Fulcrum under ${service.url}/fulcrum`)
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void service.stop().then(() => process.exit(0)))
}
