/**
 * Why a worker could not start, each with the process exit code a supervisor sees (see `ExitCode`).
 * Messages name what to fix and never carry a secret's value.
 *
 * @since 0.1.0
 */
import { EnvVariable } from "@fulcrum/core"
import { DatabaseUnavailable as StoreDatabaseUnavailable } from "@fulcrum/store-sql"

/**
 * An environment variable is missing or malformed. `variable` names it; `message` says what is
 * expected (never the value that was given, which may be a secret). Exit code 1. Every process's
 * (`EnvVariable.InvalidConfig` of `@fulcrum/core`).
 *
 * @since 0.1.0
 */
export const InvalidConfig = EnvVariable.InvalidConfig
/** A variable is missing or malformed (exit code 1). @since 0.1.0 */
export type InvalidConfig = EnvVariable.InvalidConfig

/**
 * The database could not be reached, or refused the schema migration, at start, or another process has
 * the PGlite data directory (the message names its pid). Exit code 2. The store's own error, shared by
 * every host.
 *
 * @since 0.1.0
 */
export const DatabaseUnavailable = StoreDatabaseUnavailable.DatabaseUnavailable
/** The database could not be reached at start-up (exit code 2). @since 0.1.0 */
export type DatabaseUnavailable = StoreDatabaseUnavailable.DatabaseUnavailable

/**
 * Every reason the worker host can fail to start.
 *
 * @since 0.1.0
 */
export type StartupError = InvalidConfig | DatabaseUnavailable
