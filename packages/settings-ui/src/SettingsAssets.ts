/**
 * The built settings page as files a host serves: `index.html` and hashed files under `assets/`, each
 * with its gzip and brotli forms compressed at build time, so serving never compresses on the fly.
 *
 * @since 0.1.0
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { extname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

/**
 * Where the build writes the page: `dist/page` in the package, reached from `src/` in the workspace and
 * from `dist/src/` once installed.
 *
 * @since 0.1.0
 */
export const distDir: string = fileURLToPath(
  new URL(import.meta.url.includes("/dist/src/") ? "../page" : "../dist/page", import.meta.url)
)

/** One file of the page in its served forms. @since 0.1.0 */
export interface Asset {
  /** The path under the page's mount point, e.g. `index.html` or `assets/index-3f2a.js`. */
  readonly path: string
  readonly contentType: string
  /** Whether the name carries a content hash, so it may be cached for a year. */
  readonly immutable: boolean
  readonly identity: Uint8Array
  readonly gzip: Uint8Array | undefined
  readonly brotli: Uint8Array | undefined
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2"
}

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

const optionalFile = (path: string) => (existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined)

/**
 * Reads the built page into memory (a few hundred kB), or `undefined` when it was never built (a
 * workspace checkout before `pnpm --filter @fulcrum/settings-ui build`; the published package always
 * has it).
 *
 * @since 0.1.0
 */
export const load = (dir: string = distDir): ReadonlyMap<string, Asset> | undefined => {
  if (!existsSync(join(dir, "index.html"))) return undefined
  const assets = new Map<string, Asset>()
  for (const file of filesUnder(dir)) {
    const extension = extname(file)
    const contentType = contentTypes[extension]
    if (contentType === undefined) continue
    const path = relative(dir, file).split("\\").join("/")
    assets.set(path, {
      path,
      contentType,
      immutable: path.startsWith("assets/"),
      identity: new Uint8Array(readFileSync(file)),
      gzip: optionalFile(`${file}.gz`),
      brotli: optionalFile(`${file}.br`)
    })
  }
  return assets
}
