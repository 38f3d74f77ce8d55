/**
 * Where the CLI sends its requests: `--url`/`FULCRUM_URL` and `--token`/`FULCRUM_TOKEN` (a flag wins),
 * as global flags every command accepts, and the typed `FulcrumClient` built from them. The token is
 * read as `Redacted` and sent only as a bearer token.
 *
 * @since 0.1.0
 */
import { FulcrumClient } from "@fulcrum/api"
import { Config, Effect, Option, Redacted } from "effect"
import { Flag, GlobalFlag } from "effect/cli"
import { FetchHttpClient } from "effect/http"
import { UsageError } from "./CliExit.ts"

/** `--url` (else `FULCRUM_URL`): the Fulcrum host, e.g. `https://fulcrum.example.com`. @since 0.1.0 */
export const Url = GlobalFlag.Setting("url")({
  flag: Flag.String("url").pipe(
    Flag.withDescription("Fulcrum's URL (default: $FULCRUM_URL)"),
    Flag.withFallbackConfig(Config.String("FULCRUM_URL")),
    Flag.optional
  )
})

/** `--token` (else `FULCRUM_TOKEN`): the operator's or a team token. @since 0.1.0 */
export const Token = GlobalFlag.Setting("token")({
  flag: Flag.Redacted("token").pipe(
    Flag.withDescription("The operator's or a team token (default: $FULCRUM_TOKEN; prefer the variable, flags show in `ps`)"),
    Flag.withFallbackConfig(Config.Redacted("FULCRUM_TOKEN")),
    Flag.optional
  )
})

/** The global flags of the connection. @since 0.1.0 */
export const flags = [Url, Token] as const

const baseUrl = Effect.gen(function*() {
  const url = yield* Url
  if (Option.isNone(url) || url.value.trim() === "") {
    return yield* new UsageError({ message: "no Fulcrum URL: set FULCRUM_URL or pass --url" })
  }
  const parsed = URL.parse(url.value.trim())
  if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    return yield* new UsageError({ message: `--url/FULCRUM_URL must be an http(s) URL, got "${url.value}"` })
  }
  return url.value.trim().replace(/\/+$/, "")
})

const build = (url: string, token: Redacted.Redacted<string>) =>
  FulcrumClient.make({ baseUrl: url, token }).pipe(Effect.provide(FetchHttpClient.layer))

/**
 * The typed client with the configured token; fails with a usage error when the URL or the token is
 * missing.
 *
 * @since 0.1.0
 */
export const client = Effect.gen(function*() {
  const url = yield* baseUrl
  const token = yield* Token
  if (Option.isNone(token) || Redacted.value(token.value).trim() === "") {
    return yield* new UsageError({ message: "no token: set FULCRUM_TOKEN (or pass --token)" })
  }
  return yield* build(url, token.value)
})

/**
 * The typed client for endpoints that need no token (`/healthz`, `/readyz`).
 *
 * @since 0.1.0
 */
export const publicClient = Effect.gen(function*() {
  const url = yield* baseUrl
  const token = yield* Token
  return yield* build(url, Option.getOrElse(token, () => Redacted.make("")))
})
