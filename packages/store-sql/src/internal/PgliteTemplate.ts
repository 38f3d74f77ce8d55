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
 * @internal
 */
import { Effect } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { copyFile, cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as DataDirLock from "../DataDirLock.ts"
import { fileError } from "./FileError.ts"
import * as Migrations from "../Migrations.ts"

/**
 * PGlite decides by this file whether a directory holds a database (else it runs initdb). It is copied
 * last, so a copy cut short (a crash) is made again on the next start instead of being opened.
 */
const versionFile = "PG_VERSION"

const hasDatabase = (dir: string) => existsSync(join(dir, versionFile))

const ioError = fileError("template")

const io = <A>(message: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (cause) => ioError(cause, message) })

/** The installed PGlite's version, from the `package.json` above its entry point. */
const pgliteVersion = (): string => {
  let dir = dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite")))
  for (;;) {
    const file = join(dir, "package.json")
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { readonly name?: string; readonly version?: string }
      if (manifest.name === "@electric-sql/pglite" && manifest.version !== undefined) return manifest.version
    }
    const parent = dirname(dir)
    if (parent === dir) return "unknown"
    dir = parent
  }
}

/**
 * Where the template for this PGlite build and this schema lives inside `cacheDir`.
 *
 * @internal
 */
export const path = (cacheDir: string): string => {
  const latest = Object.keys(Migrations.migrations).sort().at(-1) ?? "none"
  return join(cacheDir, `pglite-${pgliteVersion()}-${latest}`)
}

/**
 * Fills `dataDir` (already created and locked by the caller) from the template in `cacheDir` when it
 * holds no database yet, making the template first with `create` (which must leave a migrated,
 * cleanly closed database in the directory it is given). A `dataDir` that has a database is left
 * alone.
 *
 * @internal
 */
export const seed = Effect.fnUntraced(function*<E>(
  dataDir: string,
  cacheDir: string,
  create: (dir: string) => Effect.Effect<void, E>
) {
  if (hasDatabase(dataDir)) return
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
 * 8.6. Made first with `create` when missing, written beside and renamed into place, so a process
 * reading it never sees half a file.
 *
 * @internal
 */
export const dump = Effect.fnUntraced(function*<E>(cacheDir: string, create: () => Effect.Effect<Blob, E>) {
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
