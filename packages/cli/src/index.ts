/**
 * `@fulcrum/cli`: the `fulcrum` command line over Fulcrum's typed client (`@fulcrum/api`). The bin is
 * `fulcrum`; embedders can run {@link FulcrumCli.main} with their own arguments.
 *
 * @since 0.1.0
 */

/** `fulcrum candidates list|show` and `fulcrum events dead|replay`. @since 0.1.0 */
export * as ActivityCommand from "./ActivityCommand.ts"
/** The exit codes (0 ok, 1 usage, 2 refused, 3 unreachable) and how a failure maps to one. @since 0.1.0 */
export * as CliExit from "./CliExit.ts"
/** The `--team` flag, toggles and the checklist as people read it. @since 0.1.0 */
export * as Common from "./Common.ts"
/** `--url`/`FULCRUM_URL`, `--token`/`FULCRUM_TOKEN` and the typed client built from them. @since 0.1.0 */
export * as Connection from "./Connection.ts"
/** The root `fulcrum` command and `main`, which runs a command line and answers its exit code. @since 0.1.0 */
export * as FulcrumCli from "./FulcrumCli.ts"
/** `fulcrum health`: the host's probes, and a team's Lever health check. @since 0.1.0 */
export * as HealthCommand from "./HealthCommand.ts"
/** Tables for people, `--json` for scripts. @since 0.1.0 */
export * as Output from "./Output.ts"
/** A progress bar on stderr for long batches. @since 0.1.0 */
export * as Progress from "./Progress.ts"
/** Secrets from a flag, stdin or a hidden prompt, never echoed. @since 0.1.0 */
export * as Secrets from "./Secrets.ts"
/** `fulcrum setup ...`: every setup step of a team. @since 0.1.0 */
export * as SetupCommand from "./SetupCommand.ts"
/** `fulcrum teams create|list|show` and `fulcrum checklist`. @since 0.1.0 */
export * as TeamsCommand from "./TeamsCommand.ts"
/** `fulcrum tokens issue|list|revoke`. @since 0.1.0 */
export * as TokensCommand from "./TokensCommand.ts"
