/**
 * `@fulcrum/store-sql`: Fulcrum's store ports on `effect/sql`, for PostgreSQL (`@effect/sql-pg`) and
 * embedded PGlite, with the same code and the same migrations on both, and team secrets encrypted at
 * rest.
 *
 * @since 0.1.0
 */

// Databases and schema
export * as Database from "./Database.ts"
export * as DatabaseUnavailable from "./DatabaseUnavailable.ts"
export * as DataDirLock from "./DataDirLock.ts"
export * as Migrations from "./Migrations.ts"

// Secrets at rest
export * as SecretCipher from "./SecretCipher.ts"
export * as SecretRotation from "./SecretRotation.ts"

// Store adapters
export * as CandidateStoreSql from "./CandidateStoreSql.ts"
export * as ConfigStoreSql from "./ConfigStoreSql.ts"
export * as EventInboxSql from "./EventInboxSql.ts"
export * as PeriodicTasksSql from "./PeriodicTasksSql.ts"
export * as SecurityLogSql from "./SecurityLogSql.ts"
export * as StepJournalSql from "./StepJournalSql.ts"
export * as Stores from "./Stores.ts"
export * as TeamLocksSql from "./TeamLocksSql.ts"
export * as TeamTokensSql from "./TeamTokensSql.ts"
