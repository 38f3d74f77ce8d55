/**
 * The environment variables more than one Fulcrum process reads (`fulcrum-http`, `fulcrum-worker`, the
 * quickstart), each defined once (see `EnvVariable`); a process picks the default. The variables one
 * process alone reads are defined in its own configuration module (OpenTelemetry's in `@fulcrum/observability`).
 *
 * @since 0.2.0
 */
import { Redacted, Result } from "effect"
import * as StandardWebhooks from "./StandardWebhooks.ts"
import * as EnvVariable from "./EnvVariable.ts"

/** Where a process listens. @since 0.2.0 */
export const port = EnvVariable.port("PORT", "Where the HTTP server listens.", 0)

/** The interface a process listens on. @since 0.2.0 */
export const host = EnvVariable.text("HOST", "The interface the HTTP server listens on.", "an interface address")

/** The origin Lever and browsers reach. @since 0.2.0 */
export const publicBaseUrl = EnvVariable.url(
  "PUBLIC_BASE_URL",
  "The origin Lever and browsers reach the host at: webhook URLs and the OAuth redirect are built from it, and the worker's health check then requires Lever's webhooks to point exactly there.",
  "an http(s) URL such as https://fulcrum.example.com",
  { origin: true }
)

/** `LOG_LEVEL`. @since 0.2.0 */
export const logLevel = EnvVariable.logLevel("LOG_LEVEL", "The lowest level logged; logs are JSON lines (the quickstart: see `LOG_FORMAT`).")

/** PostgreSQL. @since 0.2.0 */
export const databaseUrl = EnvVariable.secret(
  "DATABASE_URL",
  "PostgreSQL (`postgres://` or `postgresql://`), shared by the host and every worker. To keep Fulcrum's tables in a schema of their own, add `?options=-c%20search_path%3Dfulcrum` (the schema must exist). Never logged.",
  "a postgres:// or postgresql:// URL",
  (url) => /^postgres(ql)?:\/\//.test(Redacted.value(url))
)

/** Embedded PGlite's directory. @since 0.2.0 */
export const dataDir = EnvVariable.text(
  "FULCRUM_DATA_DIR",
  "Without `DATABASE_URL`: embedded PGlite in `<dir>/pgdata`. PGlite is one process per directory: run the worker inside the host (the quickstart does) rather than beside it. The worker needs this or `DATABASE_URL`; the quickstart also keeps its generated key and admin token there.",
  "a directory"
)

/** The key team secrets are sealed with. @since 0.2.0 */
export const secretKey = EnvVariable.secret(
  "FULCRUM_SECRET_KEY",
  "The key team secrets (Lever keys, signing tokens) are encrypted with (`openssl rand -base64 32`). The host's and the workers' must be the same.",
  "32 bytes, base64, optionally `id:base64`"
)

/** Older keys still able to open. @since 0.2.0 */
export const secretKeyPrevious = EnvVariable.secret(
  "FULCRUM_SECRET_KEY_PREVIOUS",
  "Older keys, comma-separated, still accepted for reading while secrets are re-sealed.",
  "comma-separated keys (32 bytes, base64 each)"
)

/** The operator's bearer token. @since 0.2.0 */
export const adminToken = EnvVariable.secret(
  "FULCRUM_ADMIN_TOKEN",
  "The operator's bearer token (every team); team tokens are issued with `POST /api/teams/{teamId}/tokens`.",
  "a random string of at least 16 characters (e.g. `openssl rand -hex 32`)",
  (token) => Redacted.value(token).length >= 16
)

/** Custom Lever base URLs. @since 0.2.0 */
export const allowCustomLeverUrl = EnvVariable.boolean(
  "FULCRUM_ALLOW_CUSTOM_LEVER_URL",
  "Whether a team may point at a custom Lever base URL (the Lever sandbox). Set it alike on the host and the workers."
)

/** The assessment provider's base URL. @since 0.2.0 */
export const providerUrl = EnvVariable.url(
  "FULCRUM_PROVIDER_URL",
  "The assessment provider's base URL (without `/v1`), with `FULCRUM_PROVIDER_SECRET`. On `fulcrum-http` setup then lists the provider's interview types (`GET /api/teams/{teamId}/provider/interview-types`); without it the admin types the provider's ids.",
  "an http(s) URL such as https://assessments.example.com"
)

/** The provider's shared secret. @since 0.2.0 */
export const providerSecret = EnvVariable.secret(
  "FULCRUM_PROVIDER_SECRET",
  "The `whsec_<base64>` secret shared with the assessment provider: it signs Fulcrum's requests and the provider's webhooks (`POST /webhooks/provider/{teamId}`). Without it `fulcrum-http` refuses provider webhooks with 401.",
  "whsec_ followed by the base64 of at least 16 random bytes",
  (secret) => Result.isSuccess(StandardWebhooks.keyBytes(secret))
)

/** How old a signed Lever webhook may be (`@fulcrum/signature-lever`). @since 0.2.0 */
export const webhookTolerance = EnvVariable.integer(
  "WEBHOOK_TOLERANCE_SECONDS",
  "How old a signed Lever webhook may be; the future allowance stays at 60 s of clock skew.",
  { min: 0, max: 86_400 }
)

/** The Prometheus listener of a process without HTTP. @since 0.2.0 */
export const metricsPort = EnvVariable.port(
  "FULCRUM_METRICS_PORT",
  "Serve Prometheus text at `GET /metrics` on this port (all interfaces); give each worker on one machine its own. `fulcrum-http` serves `/metrics` on its own port."
)
