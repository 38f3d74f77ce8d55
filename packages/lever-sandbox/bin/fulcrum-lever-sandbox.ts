#!/usr/bin/env node
/**
 * `fulcrum-lever-sandbox`: runs the fake Lever until interrupted (SIGINT/SIGTERM stop it with exit 0,
 * see `@fulcrum/node-process`).
 *
 *   fulcrum-lever-sandbox --port 4010 [--host 127.0.0.1] [--empty] [--extra-stages N]
 *     [--extra-archive-reasons N] [--note-response noteId|full] [--next-tokens raw|percent-encoded]
 *     [--webhook-retry-delay-ms MS]
 *     [--webhook-max-retries N] [--no-rate-limit] [--retry-after]
 */
import * as BootSignals from "@fulcrum/node-process/BootSignals"
import * as CompileCache from "@fulcrum/node-process/CompileCache"
import * as Flags from "@fulcrum/node-process/Flags"
import type { Options } from "../src/SandboxOptions.ts"

CompileCache.enable()
// Flags are checked, and signals handled, before the sandbox's modules load (seconds on a busy machine).
BootSignals.install()

const usage = `Usage: fulcrum-lever-sandbox [options]

  --port N                    port to listen on (default 4010; 0 = random)
  --host HOST                 interface to bind (default 127.0.0.1)
  --empty                     start without stages, archive reasons, tags and candidates
  --extra-stages N            add N generated stages
  --extra-archive-reasons N   add N generated archive reasons
  --note-response SHAPE       noteId (default) or full: what POST /opportunities/:id/notes returns
  --next-tokens ENCODING      raw (default; clients percent-encode them) or percent-encoded (passed back
                              verbatim): how list "next" tokens are handed out
  --webhook-retry-delay-ms MS first webhook retry delay (default 1000, doubling)
  --webhook-max-retries N     retries after a failed delivery (default 5)
  --no-rate-limit             disable the 10 req/s (burst 20) per-key rate limit
  --retry-after               send Retry-After on 429 answers
  -h, --help                  show this help
`

const values = Flags.parse(usage, {
  strings: [
    "port",
    "host",
    "extra-stages",
    "extra-archive-reasons",
    "note-response",
    "next-tokens",
    "webhook-retry-delay-ms",
    "webhook-max-retries"
  ],
  booleans: ["empty", "no-rate-limit", "retry-after"]
})

const options: Options = {
  port: Flags.integer("port", values.port) ?? 4010,
  host: values.host ?? "127.0.0.1",
  empty: values.empty ?? false,
  extraStages: Flags.integer("extra-stages", values["extra-stages"]),
  extraArchiveReasons: Flags.integer("extra-archive-reasons", values["extra-archive-reasons"]),
  noteResponse: Flags.oneOf("note-response", values["note-response"], ["noteId", "full"]),
  nextTokens: Flags.oneOf("next-tokens", values["next-tokens"], ["raw", "percent-encoded"]),
  rateLimit: values["no-rate-limit"] === true ? false : undefined,
  retryAfterHeader: values["retry-after"] ?? false,
  webhooks: {
    retryBaseDelayMs: Flags.integer("webhook-retry-delay-ms", values["webhook-retry-delay-ms"]),
    maxRetries: Flags.integer("webhook-max-retries", values["webhook-max-retries"])
  }
}

const { ProcessMain } = await import("@fulcrum/node-process")
const { Effect, Layer } = await import("effect")
const { LeverSandbox, Seed } = await import("../src/index.ts")

const Banner = Layer.effectDiscard(Effect.gen(function*() {
  const sandbox = yield* LeverSandbox.LeverSandbox
  const keys = yield* sandbox.control.keys.list()
  const lines = [
    `Fulcrum Lever sandbox listening on ${sandbox.url}`,
    ``,
    `  Lever API base URL  ${sandbox.baseUrl}`,
    `  OAuth               ${sandbox.url}/oauth/authorize and ${sandbox.url}/oauth/token`,
    `                      client_id ${Seed.OAuthClientId}, client_secret ${Seed.OAuthClientSecret}`,
    `  Control endpoints   ${sandbox.url}/_sandbox (GET it for a JSON summary)`,
    ``,
    `API keys (HTTP Basic: the key is the username, the password is empty):`,
    ...keys.map((k) =>
      `  ${k.name} [${k.id}]\n    ${k.key}\n    ${k.permissions.join(", ")}; confidential access: ${k.confidential ? "yes" : "no"}`
    ),
    ``,
    `Read the keys again with: curl ${sandbox.url}/_sandbox/keys`,
    `or in code: import { LeverSandbox } from "@fulcrum/lever-sandbox" (SetupApiKey, PermanentApiKey,`,
    `ConfidentialApiKey, AdminApiKey). Press Ctrl+C to stop.`,
    ``
  ]
  process.stdout.write(lines.join("\n"))
}))

ProcessMain.runMain(Banner.pipe(Layer.provide(LeverSandbox.layer(options))), { name: "fulcrum-lever-sandbox" })
