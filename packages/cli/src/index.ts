/**
 * `@fulcrum/cli`: the `fulcrum` command line over Fulcrum's typed client (`@fulcrum/api`). The bin is
 * `fulcrum`; embedders can run {@link FulcrumCli.main} with their own arguments.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as ActivityCommand from "./ActivityCommand.ts"
/** @since 0.1.0 */
export * as CliExit from "./CliExit.ts"
/** @since 0.1.0 */
export * as Common from "./Common.ts"
/** @since 0.1.0 */
export * as Connection from "./Connection.ts"
/** @since 0.1.0 */
export * as FulcrumCli from "./FulcrumCli.ts"
/** @since 0.1.0 */
export * as HealthCommand from "./HealthCommand.ts"
/** @since 0.1.0 */
export * as Output from "./Output.ts"
/** @since 0.1.0 */
export * as Progress from "./Progress.ts"
/** @since 0.1.0 */
export * as Secrets from "./Secrets.ts"
/** @since 0.1.0 */
export * as SetupCommand from "./SetupCommand.ts"
/** @since 0.1.0 */
export * as TeamsCommand from "./TeamsCommand.ts"
/** @since 0.1.0 */
export * as TokensCommand from "./TokensCommand.ts"
