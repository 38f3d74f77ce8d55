/**
 * The store's schema migrations: TypeScript modules in `src/migrations/`, run in id order by
 * `effect/sql`'s generic `Migrator` (it needs only a `SqlClient`, so PostgreSQL and PGlite run the very
 * same migrations). On PostgreSQL the migrator locks its table, so processes starting together apply
 * each migration once.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import { Migrator } from "effect/sql"
import type { SqlClient, SqlError } from "effect/sql"
import initial from "./migrations/0001_initial.ts"
import securityLogLimits from "./migrations/0002_security_log_limits.ts"
import teamTokens from "./migrations/0003_team_tokens.ts"
import inboxInterruptions from "./migrations/0004_inbox_interruptions.ts"
import inboxTraceContext from "./migrations/0005_inbox_trace_context.ts"
import periodicTasksAndRetention from "./migrations/0006_periodic_tasks_and_retention.ts"
import inviteStates from "./migrations/0007_invite_states.ts"
import stepKeysBytewise from "./migrations/0008_step_keys_bytewise.ts"
import interviewLookupFastupdateOff from "./migrations/0009_interview_lookup_fastupdate_off.ts"
import leanerWriteIndexes from "./migrations/0010_leaner_write_indexes.ts"

/**
 * The table that records applied migrations. Named for Fulcrum so it never collides with an
 * embedder's own `effect_sql_migrations` in a shared schema.
 *
 * @since 0.1.0
 */
export const table = "fulcrum_migrations"

/**
 * Every migration by `<id>_<name>`.
 *
 * @since 0.1.0
 */
export const migrations = {
  "0001_initial": initial,
  "0002_security_log_limits": securityLogLimits,
  "0003_team_tokens": teamTokens,
  "0004_inbox_interruptions": inboxInterruptions,
  "0005_inbox_trace_context": inboxTraceContext,
  "0006_periodic_tasks_and_retention": periodicTasksAndRetention,
  "0007_invite_states": inviteStates,
  "0008_step_keys_bytewise": stepKeysBytewise,
  "0009_interview_lookup_fastupdate_off": interviewLookupFastupdateOff,
  "0010_leaner_write_indexes": leanerWriteIndexes
}

/**
 * Brings the database to the latest schema; returns the migrations it applied (none when it was
 * already current).
 *
 * @example
 * ```ts
 * import { Migrations } from "@fulcrum/store-sql"
 * const applied = yield* Migrations.run // [[1, "initial"]] on a fresh database, [] afterwards
 * ```
 *
 * @since 0.1.0
 */
export const run: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError.SqlError,
  SqlClient.SqlClient
> = Migrator.make({})({ loader: Migrator.fromRecord(migrations), table })
