/**
 * Every store port at once: `ConfigStore`, `CandidateStore`, `EventInbox`, `StepJournal`, `SecurityLog`
 * and `TeamTokens` on SQL, plus ready-made layers that also bring the database (migrated) and the
 * `SecretCipher` from the environment.
 *
 * @since 0.1.0
 */
import type {
  CandidateStore,
  EnvVariable,
  ConfigStore,
  EventInbox,
  PeriodicTasks,
  SecurityLog,
  StepJournal,
  TeamLocks,
  TeamTokens
} from "@fulcrum/core"
import { Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as CandidateStoreSql from "./CandidateStoreSql.ts"
import * as ConfigStoreSql from "./ConfigStoreSql.ts"
import * as Database from "./Database.ts"
import type * as DatabaseUnavailable from "./DatabaseUnavailable.ts"
import * as EventInboxSql from "./EventInboxSql.ts"
import * as PeriodicTasksSql from "./PeriodicTasksSql.ts"
import * as SecretCipher from "./SecretCipher.ts"
import * as SecurityLogSql from "./SecurityLogSql.ts"
import * as StepJournalSql from "./StepJournalSql.ts"
import * as TeamLocksSql from "./TeamLocksSql.ts"
import * as TeamTokensSql from "./TeamTokensSql.ts"

/**
 * The services every layer of this module provides.
 *
 * @since 0.1.0
 */
export type Stores =
  | ConfigStore.ConfigStore
  | CandidateStore.CandidateStore
  | EventInbox.EventInbox
  | StepJournal.StepJournal
  | SecurityLog.SecurityLog
  | TeamTokens.TeamTokens
  | PeriodicTasks.PeriodicTasks
  | TeamLocks.TeamLocks

/**
 * All stores over the `SqlClient` and `SecretCipher` in context (bring your own database layer).
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<Stores, never, SqlClient.SqlClient | SecretCipher.SecretCipher> = Layer.mergeAll(
  ConfigStoreSql.layer,
  CandidateStoreSql.layer,
  EventInboxSql.layer,
  StepJournalSql.layer,
  SecurityLogSql.layer,
  TeamTokensSql.layer,
  PeriodicTasksSql.layer,
  TeamLocksSql.layer
)

/**
 * Why a ready-made layer could not start: the database, a migration, or the secret key configuration.
 *
 * @since 0.1.0
 */
export type StartupError =
  | Database.StartupError
  | DatabaseUnavailable.DatabaseUnavailable
  | SecretCipher.InvalidSecretKey
  | EnvVariable.InvalidConfig

const withDatabase = <E>(database: Layer.Layer<SqlClient.SqlClient, E>) =>
  layer.pipe(Layer.provide(Layer.merge(database, SecretCipher.layerConfig)))

/**
 * All stores on PostgreSQL, with the `SecretCipher` from `FULCRUM_SECRET_KEY`(`_PREVIOUS`).
 *
 * @since 0.1.0
 */
export const layerPg = (options: Database.PgOptions): Layer.Layer<Stores, StartupError> =>
  withDatabase(Database.layerPg(options))

/**
 * All stores on embedded PGlite (in memory, or in `dataDir`), with the `SecretCipher` from
 * `FULCRUM_SECRET_KEY`(`_PREVIOUS`).
 *
 * @since 0.1.0
 */
export const layerPglite = (options: Database.PgliteOptions = {}): Layer.Layer<Stores, StartupError> =>
  withDatabase(Database.layerPglite(options))

/**
 * All stores on the environment's database (`DATABASE_URL`, else PGlite in `FULCRUM_DATA_DIR`, else in
 * memory), with the `SecretCipher` from `FULCRUM_SECRET_KEY`(`_PREVIOUS`).
 *
 * @example
 * ```ts
 * import { Stores } from "@fulcrum/store-sql"
 * import { EventInbox } from "@fulcrum/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function*() {
 *   const inbox = yield* EventInbox.EventInbox
 *   return yield* inbox.stats()
 * }).pipe(Effect.provide(Stores.layerFromEnv))
 * ```
 *
 * @since 0.1.0
 */
export const layerFromEnv: Layer.Layer<Stores, StartupError> = withDatabase(Database.layerFromEnv)
