/**
 * Serves the settings page (`@fulcrum/settings-ui`) beside the API: `index.html` at the mount path and
 * the hashed files under `assets/`. Every answer carries a strict Content-Security-Policy (scripts and
 * styles from this origin only, no inline script, no framing), `X-Content-Type-Options: nosniff` and
 * `Referrer-Policy: no-referrer`. Files are sent brotli- or gzip-compressed as the browser accepts
 * (compressed at build time), hashed files cached for a year, `index.html` revalidated every time.
 *
 * ```
 * GET /                      → index.html   (no-cache, ETag)
 * GET /assets/index-3f2a.js  → br | gzip    (public, max-age=31536000, immutable)
 * ```
 *
 * @since 0.1.0
 */
import { SettingsAssets } from "@fulcrum/settings-ui"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { createHash } from "node:crypto"

/** Where to mount the page and which build to serve. @since 0.1.0 */
export interface SettingsPageOptions {
  /** The mount path: `/` (default) or a prefix such as `/fulcrum`. */
  readonly path?: string
  /** The built page's directory; defaults to the one shipped in `@fulcrum/settings-ui`. */
  readonly distDir?: string
}

/**
 * The page's Content-Security-Policy: nothing inline, nothing from another origin, never framed.
 *
 * @since 0.1.0
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join("; ")

/** The headers every answer of the page carries. @since 0.1.0 */
export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin"
}

const normalizedMount = (path: string | undefined) => {
  const trimmed = (path ?? "/").trim().replace(/\/+$/, "")
  return trimmed === "" ? "" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`
}

const accepts = (header: string | undefined, encoding: string) =>
  (header ?? "").split(",").some((part) => {
    const [name, ...params] = part.trim().split(";")
    return name?.trim().toLowerCase() === encoding && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param))
  })

const notBuilt = HttpServerResponse.text(
  "The settings page is not built. Run `pnpm --filter @fulcrum/settings-ui build` (./dev.sh does it), then restart.",
  { status: 503, headers: { ...securityHeaders, "cache-control": "no-store" } }
)

const serve = (asset: SettingsAssets.Asset, etag: string) =>
  Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
    const path = request.url.split("?")[0] ?? "/"
    if (asset.path === "index.html" && !path.endsWith("/") && !path.endsWith("/index.html")) {
      // The router ignores a trailing slash, but the page's relative asset URLs resolve against it.
      return HttpServerResponse.redirect(`${path}/`, { status: 308, headers: securityHeaders })
    }
    const cacheControl = asset.immutable ? "public, max-age=31536000, immutable" : "no-cache"
    const common = { ...securityHeaders, "cache-control": cacheControl, etag, vary: "Accept-Encoding" }
    if (request.headers["if-none-match"] === etag) return HttpServerResponse.empty({ status: 304, headers: common })
    const acceptEncoding = request.headers["accept-encoding"]
    const [body, encoding] = asset.brotli !== undefined && accepts(acceptEncoding, "br")
      ? [asset.brotli, "br"]
      : asset.gzip !== undefined && accepts(acceptEncoding, "gzip")
      ? [asset.gzip, "gzip"]
      : [asset.identity, undefined]
    return HttpServerResponse.uint8Array(body, {
      contentType: asset.contentType,
      headers: encoding === undefined ? common : { ...common, "content-encoding": encoding }
    })
  })

/**
 * Adds the page's routes to the host's router; merge it before `HttpHost.layerRoutes`
 * (`Layer.merge(SettingsPage.layer(), HttpHost.layerRoutes)`), whose catch-all route for JSON 404s would
 * otherwise shadow `GET /`. Without a build (a workspace checkout before
 * `pnpm --filter @fulcrum/settings-ui build`) the page answers 503 saying how to build it.
 *
 * @since 0.1.0
 */
export const layer = (options: SettingsPageOptions = {}): Layer.Layer<never, never, HttpRouter.HttpRouter> =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    const mount = normalizedMount(options.path) as `/${string}` | ""
    const assets = SettingsAssets.load(options.distDir)
    if (assets === undefined) {
      yield* Effect.logWarning("the settings page is not built; it answers 503 until it is")
      yield* router.add("GET", `${mount}/`, notBuilt)
      return
    }
    const etags = new Map([...assets.values()].map((asset) => [
      asset.path,
      `"${createHash("sha256").update(asset.identity).digest("base64url").slice(0, 27)}"`
    ]))
    const route = (asset: SettingsAssets.Asset) => serve(asset, etags.get(asset.path) ?? "")
    const index = assets.get("index.html")!
    yield* router.add("GET", `${mount}/`, route(index))
    yield* router.add("GET", `${mount}/index.html`, route(index))
    for (const asset of assets.values()) {
      if (asset.path !== "index.html") yield* router.add("GET", `${mount}/${asset.path}`, route(asset))
    }
  }))
