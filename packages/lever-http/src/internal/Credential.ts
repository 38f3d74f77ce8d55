/**
 * How credentials turn into an `Authorization` header, and into the key of their rate-limit bucket.
 */
import { createHash } from "node:crypto"
import type { LeverApi } from "@fulcrum/core"
import { Redacted } from "effect"
import { HttpClientRequest } from "effect/http"

/** The secret inside the credentials (only ever read to authenticate, hash or scrub). */
export const secretOf = (credentials: LeverApi.LeverCredentials): Redacted.Redacted<string> =>
  credentials._tag === "ApiKey" ? credentials.key : credentials.accessToken

/**
 * Adds the credentials to a request: an API key is the Basic-auth username with an empty password;
 * an OAuth access token is a Bearer token. The header is redacted by `effect/http` in traces and logs.
 */
export const authorize = (
  request: HttpClientRequest.HttpClientRequest,
  credentials: LeverApi.LeverCredentials
): HttpClientRequest.HttpClientRequest =>
  credentials._tag === "ApiKey"
    ? HttpClientRequest.basicAuth(request, credentials.key, "")
    : HttpClientRequest.bearerToken(request, credentials.accessToken)

/**
 * The rate-limit bucket of a credential: a SHA-256 of kind and secret, so the limiter's map (visible in a
 * heap dump or a debugger) never holds the secret itself, while every fiber using the same key shares one
 * bucket.
 */
export const bucketKey = (credentials: LeverApi.LeverCredentials): string =>
  createHash("sha256").update(credentials._tag).update("\u0000").update(Redacted.value(secretOf(credentials))).digest(
    "hex"
  )

/**
 * Removes the secret from text that came from elsewhere (Lever's error messages, transport errors) before
 * it is put into an error or a log line: a misbehaving server or proxy could echo the header back.
 */
export const scrub = (text: string, credentials: LeverApi.LeverCredentials): string => {
  const secret = Redacted.value(secretOf(credentials))
  if (secret.length === 0) return text
  const basic = Buffer.from(`${secret}:`).toString("base64")
  return text.split(secret).join("<redacted>").split(basic).join("<redacted>")
}
