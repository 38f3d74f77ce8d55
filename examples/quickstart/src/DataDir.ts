/**
 * The example's data directory: PGlite's files, and the two secrets the example makes for itself on
 * first start when the environment does not give them — the key that encrypts team secrets at rest
 * (`FULCRUM_SECRET_KEY`) and the admin token (`FULCRUM_ADMIN_TOKEN`). Each is a file only its owner can
 * read (0600), created once and reused, so a restart opens what the first start stored. Deleting the
 * directory resets the example.
 *
 * @since 0.1.0
 */
import { EnvVariable } from "@fulcrum/core"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, Option, Redacted, Schema } from "effect"
import { randomBytes } from "node:crypto"
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"

/** The data directory or one of its files could not be created or read. @since 0.1.0 */
export class DataDirError extends Schema.TaggedError<DataDirError>()("DataDirError", {
  path: Schema.String,
  message: Schema.String
}) {}

/** Where a secret came from: the environment, the data dir, or made just now. @since 0.1.0 */
export type SecretSource = "environment" | "file" | "generated"

/** A secret the example runs with; `file` is where it lives when it did not come from the environment. @since 0.1.0 */
export interface ResolvedSecret {
  readonly value: Redacted.Redacted<string>
  readonly source: SecretSource
  readonly file: string
}

/** The resolved data directory. @since 0.1.0 */
export interface DataDir {
  /** Absolute path. */
  readonly path: string
  /** PGlite's directory inside it (the same `pgdata` convention as `@fulcrum/store-sql`'s `layerFromEnv`). */
  readonly pgdata: string
  readonly secretKey: ResolvedSecret
  readonly adminToken: ResolvedSecret
}

const failure = (path: string, what: string) => (cause: unknown) =>
  new DataDirError({ path, message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}` })

const isMissing = (cause: unknown) => (cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT"

/** The file's text, or `None` when it does not exist yet. */
const readIfPresent = (file: string): Effect.Effect<Option.Option<string>, DataDirError> =>
  Effect.tryPromise({ try: () => readFile(file, "utf8"), catch: (cause) => cause }).pipe(
    Effect.map(Option.some),
    Effect.catch((cause) => isMissing(cause) ? Effect.succeedNone : Effect.fail(failure(file, "cannot read")(cause)))
  )

/** Checks a secret read back from its file, tightening the mode when someone loosened it. */
const acceptStored = Effect.fnUntraced(function*(file: string, text: string) {
  const value = text.trim()
  if (value === "") {
    return yield* new DataDirError({ path: file, message: "the file is empty; delete it to have a new value made" })
  }
  const info = yield* Effect.tryPromise({ try: () => stat(file), catch: failure(file, "cannot stat") })
  if ((info.mode & 0o077) !== 0) {
    yield* Effect.logWarning("a secret file was readable by others; restricting it to its owner").pipe(
      Effect.annotateLogs({ file })
    )
    yield* Effect.tryPromise({ try: () => chmod(file, 0o600), catch: failure(file, "cannot chmod") })
  }
  return { value: Redacted.make(value), source: "file" as const, file }
})

/**
 * The secret in `file`, or a new one written there with mode 0600. Creation is exclusive (`wx`), so two
 * processes starting at once on the same directory end up with the same value.
 */
const readOrCreate = Effect.fnUntraced(function*(file: string, generate: () => string) {
  const stored = yield* readIfPresent(file)
  if (Option.isSome(stored)) return yield* acceptStored(file, stored.value)
  const value = generate()
  const created = yield* Effect.tryPromise({
    try: () => writeFile(file, `${value}\n`, { mode: 0o600, flag: "wx" }),
    catch: (cause) => cause
  }).pipe(
    Effect.as(true),
    Effect.catch((cause) =>
      (cause as NodeJS.ErrnoException).code === "EEXIST"
        ? Effect.succeed(false)
        : Effect.fail(failure(file, "cannot write")(cause))
    )
  )
  // Another process created it first: use theirs.
  if (!created) return yield* acceptStored(file, Option.getOrElse(yield* readIfPresent(file), () => ""))
  return { value: Redacted.make(value), source: "generated" as const, file } satisfies ResolvedSecret
})

const secret = (fromEnv: Option.Option<Redacted.Redacted<string>>, file: string, generate: () => string) =>
  Option.match(fromEnv, {
    onSome: (value): Effect.Effect<ResolvedSecret, DataDirError> => Effect.succeed({ value, source: "environment", file }),
    onNone: () => readOrCreate(file, generate)
  })

/** A key in the `FULCRUM_SECRET_KEY` format, made by the package that uses it. */
const newSecretKey = () => Redacted.value(SecretCipher.generateKey())

/** 32 random bytes, URL-safe, so the token pastes into a header or a shell without quoting. */
const newAdminToken = () => randomBytes(32).toString("base64url")

/**
 * Creates the data directory (owner only) when missing and resolves both secrets: the environment's
 * value when set, else the file's, else a new one saved to the file. A secret key that does not parse
 * stops here with `InvalidConfig` (exit code 1) naming where it came from, before the admin token is
 * made.
 *
 * @since 0.1.0
 */
export const prepare = Effect.fn("DataDir.prepare")(function*(options: {
  readonly dataDir: string
  readonly secretKey: Option.Option<Redacted.Redacted<string>>
  readonly adminToken: Option.Option<Redacted.Redacted<string>>
}) {
  const path = resolve(options.dataDir)
  yield* Effect.tryPromise({
    try: () => mkdir(path, { recursive: true, mode: 0o700 }),
    catch: failure(path, "cannot create the data directory")
  })
  const secretKey = yield* secret(options.secretKey, join(path, "secret-key"), newSecretKey)
  yield* SecretCipher.parseKey(secretKey.source === "environment" ? "FULCRUM_SECRET_KEY" : secretKey.file, secretKey.value)
    .pipe(EnvVariable.check("FULCRUM_SECRET_KEY"))
  return {
    path,
    pgdata: join(path, "pgdata"),
    secretKey,
    adminToken: yield* secret(options.adminToken, join(path, "admin-token"), newAdminToken)
  } satisfies DataDir
})
