/**
 * Builds the settings page with Vite into `dist/` and compresses every text file with gzip and brotli
 * next to it. A stamp of the inputs (the page's sources and the API contract and domain it bundles)
 * lets `./dev.sh` and the tests skip a build that would change nothing.
 *
 * @since 0.1.0
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { brotliCompressSync, constants, gzipSync } from "node:zlib"
import { filesUnder, hash, isFresh as stampIsFresh, write as writeStamp } from "./InputsStamp.ts"
import { distDir } from "./SettingsAssets.ts"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const stampFile = join(distDir, ".inputs-sha256")

/** Every file whose change changes the page. */
const inputs = (): Array<string> => [
  join(packageDir, "index.html"),
  join(packageDir, "vite.config.ts"),
  join(packageDir, "package.json"),
  ...filesUnder(join(packageDir, "src/app")),
  ...filesUnder(join(packageDir, "../api/src")),
  ...filesUnder(join(packageDir, "../domain/src"))
].filter(existsSync)

/** A hash of every input file's path and content. @since 0.1.0 */
export const inputsHash = (): string => hash(packageDir, inputs())

/** Whether `dist/` was built from the current inputs. @since 0.1.0 */
export const isFresh = (): boolean => existsSync(join(distDir, "index.html")) && stampIsFresh(stampFile, inputsHash())

const compressible = /\.(html|js|css|svg|json)$/

/**
 * Builds the page (always, or only when `ifStale` and an input changed). Returns whether it built.
 *
 * @since 0.1.0
 */
export const build = async (options: { readonly ifStale?: boolean } = {}): Promise<boolean> => {
  if (options.ifStale === true && isFresh()) return false
  const vite = await import("vite")
  // Vite and the React plugin pick the production builds from NODE_ENV; a test run sets it to "test".
  const nodeEnv = process.env["NODE_ENV"]
  process.env["NODE_ENV"] = "production"
  try {
    await vite.build({ configFile: join(packageDir, "vite.config.ts"), logLevel: "warn" })
  } finally {
    if (nodeEnv === undefined) delete process.env["NODE_ENV"]
    else process.env["NODE_ENV"] = nodeEnv
  }
  for (const file of filesUnder(distDir).filter((file) => compressible.test(file))) {
    const bytes = readFileSync(file)
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
  }
  writeStamp(stampFile, inputsHash())
  return true
}
