/**
 * The `fulcrum` command: every subcommand, the global flags (`--url`, `--token`, `--json`, and the
 * built-ins `--help`, `--version`, `--completions <shell>`), and {@link main}, which runs a command
 * line and answers the exit code (see `CliExit`).
 *
 * ```
 * fulcrum ── teams create|list|show      checklist       health [--team]
 *         ├─ setup integration|key|stages|archive-reasons|webhooks|signing-token|interview-types
 *         ├─ candidates list|show        events dead|replay
 *         └─ tokens issue|list|revoke
 * ```
 *
 * @since 0.1.0
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Console, Effect, Exit, Option } from "effect"
import { CliError, Command } from "effect/cli"
import * as ActivityCommand from "./ActivityCommand.ts"
import * as CliExit from "./CliExit.ts"
import * as Connection from "./Connection.ts"
import * as HealthCommand from "./HealthCommand.ts"
import * as Output from "./Output.ts"
import * as SetupCommand from "./SetupCommand.ts"
import * as TeamsCommand from "./TeamsCommand.ts"
import * as TokensCommand from "./TokensCommand.ts"

/** The CLI's version (`fulcrum --version`). @since 0.1.0 */
export const version = "0.1.0"

/** The root command. @since 0.1.0 */
export const command = Command.make("fulcrum").pipe(
  Command.withDescription("Operate Fulcrum from a terminal or a script (FULCRUM_URL, FULCRUM_TOKEN)"),
  Command.withSubcommands([
    TeamsCommand.teams,
    SetupCommand.setup,
    TeamsCommand.checklist,
    ActivityCommand.candidates,
    ActivityCommand.events,
    HealthCommand.health,
    TokensCommand.tokens
  ]),
  Command.withGlobalFlags([...Connection.flags, Output.Json])
)

/**
 * Runs one command line (without `node` and the script) and answers its exit code; failures are
 * printed to stderr (as JSON under `--json` when the API answered an error body).
 *
 * @since 0.1.0
 */
export const main = (args: ReadonlyArray<string>): Effect.Effect<number, never, Command.Environment> =>
  Command.runWith(command, { version })(args).pipe(
    Effect.exit,
    Effect.flatMap((exit) => {
      if (Exit.isSuccess(exit)) return Effect.succeed(CliExit.Ok)
      const failure = CliExit.classify(exit.cause)
      // Effect's CLI already printed its own parse errors with the help text.
      const printed = failure.code === CliExit.Usage && failure.message !== "" && isParseError(exit)
      const json = args.includes("--json")
      return Effect.as(
        printed
          ? Effect.void
          : Console.error(json && failure.body !== undefined ? Output.json({ error: failure.body }) : `fulcrum: ${failure.message}`),
        failure.code
      )
    })
  )

const isParseError = (exit: Exit.Exit<unknown, unknown>): boolean =>
  Exit.isFailure(exit) && Option.match(Exit.findErrorOption(exit), {
    onNone: () => false,
    onSome: (error) => CliError.isCliError(error) && error._tag !== "UserError"
  })

/** The Node services a command line runs with. @since 0.1.0 */
export const layerNode = NodeServices.layer
