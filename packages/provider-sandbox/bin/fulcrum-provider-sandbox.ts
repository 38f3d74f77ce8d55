#!/usr/bin/env node
/**
 * `fulcrum-provider-sandbox`: runs the reference assessment provider until interrupted (SIGINT/SIGTERM
 * stop it with exit 0, see `@fulcrum/node-process`).
 *
 *   fulcrum-provider-sandbox --port 4020 [--host 127.0.0.1] [--secret whsec_...] [--fulcrum-url URL]
 *     [--invite-ttl-ms MS] [--webhook-retry-delay-ms MS] [--webhook-max-retries N]
 */
import * as BootSignals from "@fulcrum/node-process/BootSignals"
import * as CompileCache from "@fulcrum/node-process/CompileCache"
import * as Flags from "@fulcrum/node-process/Flags"

CompileCache.enable()
// Flags are checked, and signals handled, before the sandbox's modules load (seconds on a busy machine).
BootSignals.install()

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

const values = Flags.parse(usage, {
  strings: ["port", "host", "secret", "fulcrum-url", "invite-ttl-ms", "webhook-retry-delay-ms", "webhook-max-retries"]
})

const port = Flags.integer("port", values.port) ?? 4020
const givenSecret = values.secret ?? process.env["FULCRUM_PROVIDER_SECRET"]
const fulcrumUrl = values["fulcrum-url"] ?? process.env["PUBLIC_BASE_URL"]
const ttl = Flags.integer("invite-ttl-ms", values["invite-ttl-ms"])
const retryDelay = Flags.integer("webhook-retry-delay-ms", values["webhook-retry-delay-ms"])
const maxRetries = Flags.integer("webhook-max-retries", values["webhook-max-retries"])

const { ProcessMain } = await import("@fulcrum/node-process")
const { Effect, Layer, Redacted } = await import("effect")
const { ProviderSandbox } = await import("../src/index.ts")

const Sandbox = ProviderSandbox.layer({
  port,
  ...(values.host === undefined ? {} : { host: values.host }),
  ...(givenSecret === undefined ? {} : { secret: Redacted.make(givenSecret) }),
  ...(fulcrumUrl === undefined ? {} : { fulcrumUrl }),
  ...(ttl === undefined ? {} : { inviteTtlMs: ttl }),
  ...(retryDelay === undefined ? {} : { webhookRetryDelayMs: retryDelay }),
  ...(maxRetries === undefined ? {} : { webhookMaxRetries: maxRetries })
})

const Banner = Layer.effectDiscard(Effect.gen(function*() {
  const sandbox = yield* ProviderSandbox.ProviderSandbox
  process.stdout.write(`fulcrum-provider-sandbox listening on ${sandbox.url}\n`)
  process.stdout.write(`  FULCRUM_PROVIDER_URL=${sandbox.url}\n`)
  // A generated secret exists only in this process: the operator needs it to configure Fulcrum. A given
  // one is never echoed.
  if (givenSecret === undefined) {
    process.stdout.write(`  FULCRUM_PROVIDER_SECRET=${ProviderSandbox.secretValue(sandbox)}  (generated for this run)\n`)
  }
  process.stdout.write(`  result webhooks go to ${fulcrumUrl ?? "(nowhere yet: PUT /_sandbox/fulcrum-url)"}\n`)
}))

ProcessMain.runMain(Banner.pipe(Layer.provide(Sandbox)), { name: "fulcrum-provider-sandbox" })
