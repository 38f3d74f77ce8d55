#!/usr/bin/env node
/**
 * `fulcrum-provider-sandbox`: runs the reference assessment provider until interrupted.
 *
 *   fulcrum-provider-sandbox --port 4020 [--host 127.0.0.1] [--secret whsec_...] [--fulcrum-url URL]
 *     [--invite-ttl-ms MS] [--webhook-retry-delay-ms MS] [--webhook-max-retries N]
 */
import { Redacted } from "effect"
import { parseArgs } from "node:util"
import { ProviderSandbox } from "../src/index.ts"

const usage = `Usage: fulcrum-provider-sandbox [options]

  --port N                    port to listen on (default 4020; 0 = random)
  --host HOST                 interface to bind (default 127.0.0.1)
  --secret whsec_...          the shared secret (default: FULCRUM_PROVIDER_SECRET, else a fresh one, printed)
  --fulcrum-url URL           Fulcrum's public URL, where result webhooks go (default: PUBLIC_BASE_URL)
  --invite-ttl-ms MS          how long invites stay open (default 7 days)
  --webhook-retry-delay-ms MS first webhook retry delay (default 1000, doubling)
  --webhook-max-retries N     retries after a failed webhook delivery (default 8)
  -h, --help                  show this help
`

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    secret: { type: "string" },
    "fulcrum-url": { type: "string" },
    "invite-ttl-ms": { type: "string" },
    "webhook-retry-delay-ms": { type: "string" },
    "webhook-max-retries": { type: "string" },
    help: { type: "boolean", short: "h" }
  },
  strict: true
})

if (values.help === true) {
  process.stdout.write(usage)
  process.exit(0)
}

const integer = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got "${value}"\n`)
    process.exit(2)
  }
  return n
}

const givenSecret = values.secret ?? process.env["FULCRUM_PROVIDER_SECRET"]
const fulcrumUrl = values["fulcrum-url"] ?? process.env["PUBLIC_BASE_URL"]
const ttl = integer("invite-ttl-ms", values["invite-ttl-ms"])
const retryDelay = integer("webhook-retry-delay-ms", values["webhook-retry-delay-ms"])
const maxRetries = integer("webhook-max-retries", values["webhook-max-retries"])

const sandbox = await ProviderSandbox.start({
  port: integer("port", values.port) ?? 4020,
  ...(values.host === undefined ? {} : { host: values.host }),
  ...(givenSecret === undefined ? {} : { secret: Redacted.make(givenSecret) }),
  ...(fulcrumUrl === undefined ? {} : { fulcrumUrl }),
  ...(ttl === undefined ? {} : { inviteTtlMs: ttl }),
  ...(retryDelay === undefined ? {} : { webhookRetryDelayMs: retryDelay }),
  ...(maxRetries === undefined ? {} : { webhookMaxRetries: maxRetries })
}).catch((error: unknown) => {
  process.stderr.write(`fulcrum-provider-sandbox: could not start: ${String(error)}\n`)
  process.exit(1)
})

process.stdout.write(`fulcrum-provider-sandbox listening on ${sandbox.url}\n`)
process.stdout.write(`  FULCRUM_PROVIDER_URL=${sandbox.url}\n`)
// A generated secret exists only in this process: the operator needs it to configure Fulcrum. A given
// one is never echoed.
if (givenSecret === undefined) {
  process.stdout.write(`  FULCRUM_PROVIDER_SECRET=${ProviderSandbox.secretValue(sandbox)}  (generated for this run)\n`)
}
process.stdout.write(`  result webhooks go to ${fulcrumUrl ?? "(nowhere yet: PUT /_sandbox/fulcrum-url)"}\n`)

const stop = () => {
  void sandbox.close().then(() => process.exit(0))
}
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
