/**
 * One process per PGlite data directory. PGlite is PostgreSQL inside the process, so two processes that
 * open the same directory each believe they own its files, and corrupt them. The PGlite layer takes
 * this lock before it opens the directory: a `fulcrum.lock` file in it, created exclusively (`O_EXCL`),
 * naming the holder's pid and when it took the directory, and removed when the layer closes.
 *
 * A lock whose pid no longer runs (a process killed with SIGKILL, a crashed container) is stale and is
 * taken over, with a warning in the log. A lock with this process's own pid that this process does not
 * hold is stale too: a restarted container often gets the same pid (1) as the one that died.
 *
 * @since 0.1.0
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { SqlError } from "effect/sql"
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileError } from "./internal/FileError.ts"

/**
 * The lock file's name inside the data directory.
 *
 * @since 0.1.0
 */
export const fileName = "fulcrum.lock"

/**
 * Another process (or another layer of this one) has the data directory open. `message` names its pid
 * and what to do; `lockFile` is the file to delete by hand only if that pid now belongs to something
 * that is not Fulcrum.
 *
 * @since 0.1.0
 */
export class DataDirInUse extends Schema.TaggedError<DataDirInUse>()("DataDirInUse", {
  dataDir: Schema.String,
  lockFile: Schema.String,
  pid: Schema.Int,
  since: Schema.String
}) {
  override get message(): string {
    const holder = this.pid === process.pid
      ? `This process (pid ${this.pid}) already has`
      : `Another Fulcrum process (pid ${this.pid}) is using`
    return `${holder} the data directory ${this.dataDir}; stop it, or set FULCRUM_DATA_DIR to another directory`
  }
}

/** What the lock file holds. */
const Holder = Schema.Struct({
  pid: Schema.Int.check(Schema.isGreaterThan(0)),
  since: Schema.String
})
type Holder = typeof Holder.Type

const HolderJson = Schema.fromJsonString(Holder)
const encodeHolder = Schema.encodeSync(HolderJson)
const decodeHolder = Schema.decodeUnknownOption(HolderJson)

/**
 * The lock files this process holds, by path: a second layer on the same directory in this process
 * must be refused, and a file carrying our pid that is not in here was left by an earlier process.
 */
const heldHere = new Map<string, Holder>()

const errnoOf = (cause: unknown): string | undefined => (cause as NodeJS.ErrnoException | undefined)?.code

/** A running process answers signal 0; EPERM means it runs under another user. */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (cause) {
    return errnoOf(cause) === "EPERM"
  }
}

const ioError = fileError("lock")

/** What the lock file says: gone (released meanwhile), unreadable as a lock, or held by a pid. */
type Found =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "Unreadable" }
  | { readonly _tag: "Held"; readonly holder: Holder }

const readLock = (lockFile: string): Found => {
  let text: string
  try {
    text = readFileSync(lockFile, "utf8")
  } catch (cause) {
    if (errnoOf(cause) === "ENOENT") return { _tag: "Missing" }
    throw cause
  }
  return Option.match(decodeHolder(text.trim()), {
    onNone: (): Found => ({ _tag: "Unreadable" }),
    onSome: (holder): Found => ({ _tag: "Held", holder })
  })
}

/** Removes the lock file; already gone is fine. */
const remove = (lockFile: string): void => {
  try {
    unlinkSync(lockFile)
  } catch (cause) {
    if (errnoOf(cause) !== "ENOENT") throw cause
  }
}

type Attempt =
  | { readonly _tag: "Taken" }
  | { readonly _tag: "InUse"; readonly holder: Holder }
  | { readonly _tag: "TookOver"; readonly stale: Found }
  | { readonly _tag: "Retry" }

/**
 * One try at the lock. Reading a stale lock and removing it happen back to back, synchronously, so a
 * process that takes the directory in between (and would lose its fresh lock) has microseconds to do
 * so; the same holds for a lock read in the instant between its exclusive creation and its write.
 */
const attempt = (dataDir: string, lockFile: string, mine: Holder): Attempt => {
  const ours = heldHere.get(lockFile)
  if (ours !== undefined) return { _tag: "InUse", holder: ours }
  try {
    writeFileSync(lockFile, `${encodeHolder(mine)}\n`, { flag: "wx", mode: 0o644 })
    heldHere.set(lockFile, mine)
    return { _tag: "Taken" }
  } catch (cause) {
    if (errnoOf(cause) !== "EEXIST") throw ioError(cause, `cannot create the lock file ${lockFile}`)
  }
  let found: Found
  try {
    found = readLock(lockFile)
  } catch (cause) {
    throw ioError(cause, `cannot read the lock file ${lockFile}`)
  }
  if (found._tag === "Missing") return { _tag: "Retry" }
  if (found._tag === "Held" && found.holder.pid !== process.pid && isRunning(found.holder.pid)) {
    return { _tag: "InUse", holder: found.holder }
  }
  try {
    remove(lockFile)
  } catch (cause) {
    throw ioError(cause, `cannot remove the stale lock file ${lockFile} in ${dataDir}`)
  }
  return { _tag: "TookOver", stale: found }
}

const takeoverMessage = (stale: Found): string =>
  stale._tag !== "Held"
    ? "PGlite data directory: replaced a lock file that could not be read"
    : stale.holder.pid === process.pid
    ? `PGlite data directory: took over a lock left by an earlier process with this one's pid (${stale.holder.pid})`
    : `PGlite data directory: took over the lock of pid ${stale.holder.pid}, which no longer runs`

/** Takes the lock, taking over stale ones; a few rounds cover a lock released or replaced meanwhile. */
const take = Effect.fnUntraced(function*(dataDir: string, lockFile: string, mine: Holder) {
  for (let round = 0; round < 5; round++) {
    const result = yield* Effect.try({
      try: () => attempt(dataDir, lockFile, mine),
      catch: (cause) => cause instanceof SqlError.SqlError ? cause : ioError(cause, `cannot lock ${dataDir}`)
    })
    switch (result._tag) {
      case "Taken":
        return
      case "InUse":
        return yield* new DataDirInUse({ dataDir, lockFile, pid: result.holder.pid, since: result.holder.since })
      case "TookOver":
        // Logged before the retry creates our own lock: a takeover is worth knowing even if it then loses.
        yield* Effect.logWarning(takeoverMessage(result.stale)).pipe(Effect.annotateLogs({
          lockFile,
          ...(result.stale._tag === "Held" ? { stalePid: result.stale.holder.pid, staleSince: result.stale.holder.since } : {})
        }))
        break
      case "Retry":
        break
    }
  }
  return yield* ioError(new Error("the lock kept changing hands"), `cannot lock ${dataDir}`)
})

/** Removes the lock file if it is still ours (a process that wrongly took it over keeps its own). */
const release = (lockFile: string, mine: Holder) =>
  Effect.sync(() => {
    heldHere.delete(lockFile)
    try {
      const found = readLock(lockFile)
      if (found._tag === "Held" && found.holder.pid === mine.pid && found.holder.since === mine.since) remove(lockFile)
    } catch {
      // Best effort at shutdown: a lock left behind names a pid that no longer runs and is taken over.
    }
  })

/**
 * Creates `dataDir` when missing and holds its lock for the lifetime of the scope. Fails with
 * `DataDirInUse` while another running process (or another layer in this process) holds it, and with a
 * `SqlError` when the directory or the lock file cannot be created.
 *
 * @example
 * ```ts
 * import { DataDirLock } from "@fulcrum/store-sql"
 * import { Effect } from "effect"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   yield* DataDirLock.acquire(".fulcrum/pgdata")
 *   // ... open the directory; the lock goes when the scope closes
 * }))
 * ```
 *
 * @since 0.1.0
 */
export const acquire = Effect.fn("DataDirLock.acquire")(function*(dataDir: string) {
  const dir = resolve(dataDir)
  const lockFile = join(dir, fileName)
  // PGlite creates only the last path segment itself, and its failure escapes as an uncaught exception.
  yield* Effect.try({
    try: () => mkdirSync(dir, { recursive: true }),
    catch: (cause) => ioError(cause, `cannot create the data directory ${dir}`)
  })
  const mine: Holder = { pid: process.pid, since: DateTime.formatIso(yield* DateTime.now) }
  yield* Effect.acquireRelease(take(dir, lockFile, mine), () => release(lockFile, mine))
})
