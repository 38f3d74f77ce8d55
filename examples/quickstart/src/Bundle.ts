/**
 * Bundles the quickstart (`src/main.ts` and every workspace package and dependency it loads) into
 * `dist/main.js` and its chunks with esbuild, for `./dev.sh start`: loading a few large ES modules costs
 * less CPU than resolving, type-stripping and compiling ≈ 680 files (ADR 0012, docs/benchmarks.md).
 * The sources stay what the tests and `node src/main.ts` run; the bundle is a local build, git-ignored.
 *
 * - Code splitting keeps `main.ts`'s dynamic imports dynamic: the entry chunk turns Node's compile
 *   cache on and installs the stop handlers before the large chunks load, as `main.ts` does from source;
 *   the lazily loaded modules (OTLP exporters, PGlite's client, the API docs pages) stay lazy.
 * - PGlite stays outside the bundle (it loads its `.wasm` and `.data` next to its own module) and is
 *   imported by its file URL, as are Vite (the settings page's build, never run by a start) and every
 *   other external, since the bundle's directory cannot resolve the workspace packages' dependencies.
 * - `import.meta.url` and `import.meta.resolve("…")` in the workspace's sources become the values they
 *   have in the source file, so files found next to a source (the settings page, store-sql's PGlite
 *   template, the quickstart's template cache) are found from the bundle too.
 * - A stamp of the inputs (`InputsStamp`: every workspace source esbuild read, the lockfile, this file)
 *   and the checkout's path (baked into those URLs) lets `--if-stale` skip a build that changes nothing.
 *
 * @since 0.2.0
 */
import * as InputsStamp from "@fulcrum/settings-ui/InputsStamp"
import type { Plugin } from "esbuild"
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const exampleDir = fileURLToPath(new URL("..", import.meta.url))
const root = resolve(exampleDir, "../..")

/** Where the bundle goes; `node examples/quickstart/dist/main.js` runs it. @since 0.2.0 */
export const outDir = join(exampleDir, "dist")
/** The bundle's entry. @since 0.2.0 */
export const entry = join(outDir, "main.js")

const stampFile = join(outDir, ".inputs-sha256")
/** The workspace files the last build read (relative to the root), so a check need not run esbuild. */
const inputsFile = join(outDir, ".inputs")

/** Packages loaded from their own directory: PGlite finds its WebAssembly there; Vite is never run. */
const external = /^(@electric-sql\/pglite|vite)(\/.*)?$/

/** The stamp of the inputs `files` (absolute) in this checkout. */
const stamp = (files: ReadonlyArray<string>): string =>
  `${InputsStamp.hash(root, [join(root, "pnpm-lock.yaml"), fileURLToPath(import.meta.url), ...files])} ${root}`

/** Whether `dist/` was bundled from the current sources of this checkout. @since 0.2.0 */
export const isFresh = (): boolean => {
  if (!existsSync(entry) || !existsSync(inputsFile)) return false
  const files = readFileSync(inputsFile, "utf8").split("\n").filter((line) => line !== "").map((file) => join(root, file))
  return InputsStamp.isFresh(stampFile, stamp(files))
}

/** Rewrites what depends on where a module file is, and imports the externals by file URL. */
const sourceLocations: Plugin = {
  name: "fulcrum-source-locations",
  setup(build) {
    build.onResolve({ filter: external }, async (args) => {
      if (args.pluginData === "external") return undefined
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "external" })
      if (found.errors.length > 0) return { errors: found.errors }
      return { path: pathToFileURL(found.path).href, external: true }
    })
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes("/node_modules/")) return undefined
      const source = readFileSync(args.path, "utf8")
      if (!source.includes("import.meta")) return undefined
      const resolveDir = dirname(args.path)
      const resolved = new Map<string, string>()
      for (const [, specifier] of source.matchAll(/import\.meta\.resolve\(\s*"([^"]+)"\s*\)/g)) {
        const found = await build.resolve(specifier!, { kind: "import-statement", resolveDir, pluginData: "external" })
        if (found.errors.length > 0) return { errors: found.errors }
        resolved.set(specifier!, pathToFileURL(found.path).href)
      }
      const contents = source
        .replace(/import\.meta\.resolve\(\s*"([^"]+)"\s*\)/g, (_, specifier: string) => JSON.stringify(resolved.get(specifier)))
        .replace(/import\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
      return { contents, loader: args.path.endsWith(".tsx") ? "tsx" : "ts", resolveDir }
    })
  }
}

/**
 * Bundles the quickstart (always, or only when `ifStale` and an input changed). Returns whether it built.
 *
 * @since 0.2.0
 */
export const bundle = async (options: { readonly ifStale?: boolean } = {}): Promise<boolean> => {
  if (options.ifStale === true && isFresh()) return false
  const esbuild = await import("esbuild")
  // A bundle cut short has no stamp, so the next check builds it again.
  rmSync(outDir, { recursive: true, force: true })
  const result = await esbuild.build({
    entryPoints: [join(exampleDir, "src/main.ts")],
    outdir: outDir,
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    metafile: true,
    logLevel: "warning",
    // CommonJS dependencies (ws) `require` Node's modules, which an ES module has no `require` for.
    banner: { js: "import { createRequire as __fulcrumCreateRequire } from \"node:module\"; const require = __fulcrumCreateRequire(import.meta.url);" },
    plugins: [sourceLocations]
  })
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes("node_modules/") && existsSync(join(root, input)))
    .sort()
  // Resolution depends on the workspace packages' package.json files (their `exports`), not only their sources.
  const manifests = [...new Set(inputs.map((input) => packageManifest(join(root, input))))]
    .filter((manifest): manifest is string => manifest !== undefined)
    .map((manifest) => relative(root, manifest))
  const files = [...new Set([...inputs, ...manifests])].sort()
  writeFileSync(inputsFile, files.join("\n") + "\n")
  InputsStamp.write(stampFile, stamp(files.map((file) => join(root, file))))
  return true
}

/** The nearest package.json above `file`, inside the checkout. */
const packageManifest = (file: string): string | undefined => {
  for (let dir = dirname(file); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "package.json")
  }
  return undefined
}
