/**
 * Everything that can be configured when starting a sandbox, with its defaults.
 *
 * @since 0.1.0
 */
import type { CreateApiKey } from "./ApiKey.ts"
import type { NoteResponse } from "./Note.ts"
import type { TokenEncoding } from "./Pagination.ts"

/**
 * A token bucket: `perSecond` tokens are added every second, up to `burst`.
 *
 * @since 0.1.0
 */
export interface RateLimit {
  readonly perSecond: number
  readonly burst: number
}

/**
 * How outbound webhooks are retried: the first retry waits `retryBaseDelayMs`, each next one
 * `backoffFactor` times longer, at most `maxRetries` retries after the first attempt; each attempt gives
 * up after `timeoutMs`.
 *
 * @since 0.1.0
 */
export interface WebhookRetry {
  readonly retryBaseDelayMs: number
  readonly backoffFactor: number
  readonly maxRetries: number
  readonly timeoutMs: number
}

/**
 * A registered OAuth application (Lever partner). Without `redirectUris`, any http(s) redirect URI is
 * accepted. `confidential` decides whether its grants see confidential opportunities.
 *
 * @since 0.1.0
 */
export interface OAuthClient {
  readonly clientId: string
  readonly clientSecret: string
  readonly redirectUris?: ReadonlyArray<string> | undefined
  readonly confidential?: boolean | undefined
}

/**
 * OAuth behaviour. `requireOfflineAccess` (default true, like Lever) issues a refresh token only when the
 * `offline_access` scope was asked for; `rotateRefreshTokens` (default true) makes each refresh token
 * single-use and returns a new one.
 *
 * @since 0.1.0
 */
export interface OAuthOptions {
  readonly clients?: ReadonlyArray<OAuthClient> | undefined
  readonly accessTokenTtlSeconds?: number | undefined
  readonly authorizationCodeTtlSeconds?: number | undefined
  readonly requireOfflineAccess?: boolean | undefined
  readonly rotateRefreshTokens?: boolean | undefined
}

/**
 * Sandbox options; every field is optional.
 *
 * - `port` (default 0 = random) and `host` (default `127.0.0.1`).
 * - `empty`: start without stages, archive reasons, tags and candidates (the well-known API keys and the
 *   OAuth client always exist). `extraStages` / `extraArchiveReasons` add N generated ones (e.g. 250 and
 *   1,000 to test pagination).
 * - `noteResponse`: `"noteId"` (documented `{"data":{"noteId"}}`, default) or `"full"` (the note object).
 * - `nextTokens`: list `next` tokens as `"raw"` base64 with `+`, `/`, `=` (default; a client must
 *   percent-encode them in the URL) or `"percent-encoded"` (a client must pass them back verbatim).
 * - `rateLimit`: per key / OAuth grant, default `{ perSecond: 10, burst: 20 }`; `false` disables it.
 * - `retryAfterHeader`: add `Retry-After` to 429 answers (default false; Lever does not document it).
 * - `webhooks`: retry policy of outbound deliveries (default 5 retries, base delay 1 s, factor 2,
 *   attempt timeout 10 s).
 * - `oauth`: registered clients (default {@link Seed.OAuthClientId}) and token lifetimes (access 3600 s).
 * - `apiKeys`: more keys to create at start, beside the seeded ones.
 * - `webUrl`: the Lever web app origin used in opportunity `urls` (default `https://hire.sandbox.lever.co`).
 * - `clock`: `"live"` (default) runs the sandbox on the real clock even when it is built inside a test
 *   with a `TestClock` (`it.effect`), so rate limits, retries and latency behave; `"inherit"` uses the
 *   `Clock` of the context the layer is built in (then time only moves with `TestClock.adjust`).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly port?: number | undefined
  readonly host?: string | undefined
  readonly empty?: boolean | undefined
  readonly extraStages?: number | undefined
  readonly extraArchiveReasons?: number | undefined
  readonly noteResponse?: NoteResponse | undefined
  readonly nextTokens?: TokenEncoding | undefined
  readonly rateLimit?: RateLimit | false | undefined
  readonly retryAfterHeader?: boolean | undefined
  readonly webhooks?: { readonly [K in keyof WebhookRetry]?: WebhookRetry[K] | undefined } | undefined
  readonly oauth?: OAuthOptions | undefined
  readonly apiKeys?: ReadonlyArray<CreateApiKey> | undefined
  readonly webUrl?: string | undefined
  readonly clock?: "live" | "inherit" | undefined
}

/**
 * Options with every default filled in.
 *
 * @since 0.1.0
 */
export interface Resolved {
  readonly port: number
  readonly host: string
  readonly empty: boolean
  readonly extraStages: number
  readonly extraArchiveReasons: number
  readonly noteResponse: NoteResponse
  readonly nextTokens: TokenEncoding
  readonly rateLimit: RateLimit | null
  readonly retryAfterHeader: boolean
  readonly webhooks: WebhookRetry
  readonly oauth: {
    readonly clients: ReadonlyArray<OAuthClient>
    readonly accessTokenTtlSeconds: number
    readonly authorizationCodeTtlSeconds: number
    readonly requireOfflineAccess: boolean
    readonly rotateRefreshTokens: boolean
  }
  readonly apiKeys: ReadonlyArray<CreateApiKey>
  readonly webUrl: string
  readonly clock: "live" | "inherit"
}

/**
 * Lever's documented limit: 10 requests per second steady, bursts of 20.
 *
 * @since 0.1.0
 */
export const defaultRateLimit: RateLimit = { perSecond: 10, burst: 20 }

/**
 * Lever retries a failed delivery up to 5 times with growing delays.
 *
 * @since 0.1.0
 */
export const defaultWebhookRetry: WebhookRetry = {
  retryBaseDelayMs: 1_000,
  backoffFactor: 2,
  maxRetries: 5,
  timeoutMs: 10_000
}

/**
 * Fills in the defaults. `defaultClient` is the seeded OAuth client, used when `oauth.clients` is absent.
 *
 * @since 0.1.0
 */
export const resolve = (options: Options, defaultClient: OAuthClient): Resolved => ({
  port: options.port ?? 0,
  host: options.host ?? "127.0.0.1",
  empty: options.empty ?? false,
  extraStages: options.extraStages ?? 0,
  extraArchiveReasons: options.extraArchiveReasons ?? 0,
  noteResponse: options.noteResponse ?? "noteId",
  nextTokens: options.nextTokens ?? "raw",
  rateLimit: options.rateLimit === false ? null : (options.rateLimit ?? defaultRateLimit),
  retryAfterHeader: options.retryAfterHeader ?? false,
  webhooks: {
    retryBaseDelayMs: options.webhooks?.retryBaseDelayMs ?? defaultWebhookRetry.retryBaseDelayMs,
    backoffFactor: options.webhooks?.backoffFactor ?? defaultWebhookRetry.backoffFactor,
    maxRetries: options.webhooks?.maxRetries ?? defaultWebhookRetry.maxRetries,
    timeoutMs: options.webhooks?.timeoutMs ?? defaultWebhookRetry.timeoutMs
  },
  oauth: {
    clients: options.oauth?.clients ?? [defaultClient],
    accessTokenTtlSeconds: options.oauth?.accessTokenTtlSeconds ?? 3_600,
    authorizationCodeTtlSeconds: options.oauth?.authorizationCodeTtlSeconds ?? 600,
    requireOfflineAccess: options.oauth?.requireOfflineAccess ?? true,
    rotateRefreshTokens: options.oauth?.rotateRefreshTokens ?? true
  },
  apiKeys: options.apiKeys ?? [],
  webUrl: (options.webUrl ?? "https://hire.sandbox.lever.co").replace(/\/+$/, ""),
  clock: options.clock ?? "live"
})
