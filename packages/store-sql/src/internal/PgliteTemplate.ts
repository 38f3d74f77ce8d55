/**
 * A migrated PGlite database kept as a template and copied into a new data directory. PGlite's initdb
 * (the cluster's creation, in WebAssembly) is most of a first start: measured on this project's 2-core
 * machine, 11 CPU-seconds and a 500–750 MB peak of resident memory, against 1.5 CPU-seconds and ≈ 290 MB
 * to open an existing database. A copy of the files is a fraction of a second.
 *
 * The template lives in a cache directory the caller chooses, one per PGlite build and schema
 * (`pglite-<version>-<latest migration>`), so a template made by another PGlite or before a migration
 * was added is never copied. It is made once, in a directory of its own renamed into place when
 * complete: two processes making it at once each finish, and one of them keeps its copy.
 *
 * The package ships the same migrated database as a dump (`template/pglite-<version>-<latest
 * migration>.tar.gz`, made by `scripts/template.ts` when the package is packed, and by `./dev.sh` in the
 * repository), so no start on any machine runs initdb: a new data directory is unpacked from it (no cache
 * needed), and an in-memory database loads it. Without it (a migration added since it was made) the
 * cache's template is made by initdb as before.
 *
 * @internal
 */
import { Effect } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { gunzipSync, gzipSync } from "node:zlib"
import * as DataDirLock from "../DataDirLock.ts"
import { fileError } from "./FileError.ts"
import * as Migrations from "../Migrations.ts"
import * as Tar from "./Tar.ts"

/**
 * PGlite decides by this file whether a directory holds a database (else it runs initdb). It is copied
 * last, so a copy cut short (a crash) is made again on the next start instead of being opened.
 */
const versionFile = "PG_VERSION"

const hasDatabase = (dir: string) => existsSync(join(dir, versionFile))

const ioError = fileError("template")

const io = <A>(message: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (cause) => ioError(cause, message) })

/** The directory of package `name` holding `from` (its `package.json`) and that manifest's version. */
const packageOf = (name: string, from: string): { readonly dir: string; readonly version: string } | undefined => {
  let dir = dirname(from)
  for (;;) {
    const file = join(dir, "package.json")
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { readonly name?: string; readonly version?: string }
      if (manifest.name === name && manifest.version !== undefined) return { dir, version: manifest.version }
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The installed PGlite's version, from the `package.json` above its entry point. */
const pgliteVersion = (): string =>
  packageOf("@electric-sql/pglite", fileURLToPath(import.meta.resolve("@electric-sql/pglite")))?.version ?? "unknown"

/** `pglite-<version>-<latest migration>`: one template per PGlite build and schema. */
const name = (): string => {
  const latest = Object.keys(Migrations.migrations).sort().at(-1) ?? "none"
  return `pglite-${pgliteVersion()}-${latest}`
}

/**
 * Where the template for this PGlite build and this schema lives inside `cacheDir`.
 *
 * @internal
 */
export const path = (cacheDir: string): string => join(cacheDir, name())

/**
 * Where this package keeps the dump it ships for this PGlite build and schema (`<package>/template/`,
 * the same from `src/` and from the built `dist/src/`), whether or not it has been made.
 *
 * @internal
 */
export const shippedPath = (): string =>
  join(packageOf("@fulcrum/store-sql", fileURLToPath(import.meta.url))?.dir ?? ".", "template", `${name()}.tar.gz`)

/** The shipped dump, uncompressed (a tar archive), when this package has one for this PGlite build and schema. */
const shippedArchive = Effect.fnUntraced(function*() {
  const file = shippedPath()
  if (!existsSync(file)) return undefined
  return gunzipSync(yield* io("cannot read the shipped template", () => readFile(file)))
})

/**
 * Unpacks the shipped archive into `dataDir`, `PG_VERSION` last (as a copy of the template does), so a
 * start cut short unpacks it again instead of opening half a database.
 */
const unpack = (archive: Uint8Array, dataDir: string) =>
  io(`cannot unpack the shipped template into ${dataDir}`, async () => {
    const all = Tar.entries(archive)
    const last = all.filter((entry) => entry.path === versionFile)
    for (const entry of [...all.filter((entry) => entry.path !== versionFile), ...last]) {
      const target = join(dataDir, entry.path)
      if (entry.type === "directory") await mkdir(target, { recursive: true, mode: entry.mode })
      else {
        await mkdir(dirname(target), { recursive: true })
        await writeFile(target, entry.data, { mode: entry.mode })
      }
    }
    if (last.length === 0) throw new Error(`the archive has no ${versionFile}`)
  })

/**
 * Writes `dump` (a migrated, empty database) as the shipped template, beside and renamed into place.
 * Its name says which PGlite build and schema it is for: one left from before a migration was added
 * is never read.
 *
 * @internal
 */
export const writeShipped = Effect.fnUntraced(function*(dump: Blob, file: string = shippedPath()) {
  const partial = `${file}.partial-${process.pid}`
  yield* io("cannot store the shipped template", async () => {
    await mkdir(dirname(file), { recursive: true })
    // mtime 0 in the gzip header (Node's default): the same dump gives the same file.
    await writeFile(partial, gzipSync(new Uint8Array(await dump.arrayBuffer()), { level: 9 }))
    await rename(partial, file)
  })
  // Those of earlier PGlite builds or schemas are never read again.
  const dir = dirname(file)
  yield* io("cannot remove an old shipped template", async () => {
    for (const entry of await readdir(dir)) {
      if (entry !== basename(file) && entry.startsWith("pglite-")) await rm(join(dir, entry), { force: true })
    }
  })
  return file
})

/**
 * Fills `dataDir` (already created and locked by the caller) when it holds no database yet: from the
 * shipped dump when the package has one, else from the template in `cacheDir` (when given), making it
 * first with `create` (which must leave a migrated, cleanly closed database in the directory it is
 * given). Otherwise, and for a `dataDir` that has a database, it does nothing (PGlite's initdb then
 * makes one).
 *
 * @internal
 */
export const seed = Effect.fnUntraced(function*<E>(
  dataDir: string,
  cacheDir: string | undefined,
  create: (dir: string) => Effect.Effect<void, E>
) {
  if (hasDatabase(dataDir)) return
  const archive = yield* shippedArchive()
  if (archive !== undefined) {
    const unpacked = yield* unpack(archive, dataDir).pipe(
      Effect.as(true),
      // A damaged package still starts, the slow way.
      Effect.catch((error) =>
        Effect.as(Effect.logWarning("store-sql: the shipped PGlite template cannot be used; making one with initdb", error), false)
      )
    )
    if (unpacked) return
  }
  if (cacheDir === undefined) return
  const template = path(cacheDir)
  if (!hasDatabase(template)) {
    yield* Effect.logInfo(
      "store-sql: creating the PGlite template database (once per PGlite version and schema; new data directories copy it)"
    ).pipe(Effect.annotateLogs({ template }))
    const partial = `${template}.partial-${process.pid}`
    yield* io("cannot prepare the template directory", async () => {
      await mkdir(cacheDir, { recursive: true })
      await rm(partial, { recursive: true, force: true })
    })
    yield* create(partial)
    yield* io("cannot store the template", () => rename(partial, template)).pipe(
      // Another process stored its own first: use that one.
      Effect.catch((error) =>
        hasDatabase(template) ? io("cannot remove a spare template", () => rm(partial, { recursive: true, force: true })) : Effect.fail(error)
      )
    )
  }
  yield* io(`cannot copy the template into ${dataDir}`, async () => {
    await cp(template, dataDir, {
      recursive: true,
      // Only the top-level ones: `base/<oid>/PG_VERSION` are part of the database.
      filter: (source) => source !== join(template, versionFile) && source !== join(template, DataDirLock.fileName)
    })
    await copyFile(join(template, versionFile), join(dataDir, versionFile))
  })
})

/**
 * The template as one file (`<template>.tar`, PGlite's own dump of a data directory) for in-memory
 * databases, which PGlite loads from a dump instead of running initdb: measured, 1.5 CPU-seconds against
 * 8.6. The shipped dump when there is one; else made first with `create` when missing, written beside
 * and renamed into place, so a process reading it never sees half a file.
 *
 * @internal
 */
export const dump = Effect.fnUntraced(function*<E>(cacheDir: string, create: () => Effect.Effect<Blob, E>) {
  const archive = yield* shippedArchive()
  if (archive !== undefined) return new Blob([archive])
  const file = `${path(cacheDir)}.tar`
  if (existsSync(file)) return new Blob([yield* io("cannot read the template dump", () => readFile(file))])
  yield* Effect.logDebug("store-sql: creating the PGlite template dump").pipe(Effect.annotateLogs({ file }))
  const blob = yield* create()
  const partial = `${file}.partial-${process.pid}`
  yield* io("cannot store the template dump", async () => {
    await mkdir(cacheDir, { recursive: true })
    await writeFile(partial, new Uint8Array(await blob.arrayBuffer()))
    await rename(partial, file)
  })
  return blob
})
