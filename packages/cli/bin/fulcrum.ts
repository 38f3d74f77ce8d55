#!/usr/bin/env node
/**
 * `fulcrum`: operate Fulcrum from a terminal or a script. `fulcrum --help` lists the commands;
 * exit codes: 0 ok, 1 usage, 2 refused by the API, 3 unreachable (see `CliExit`).
 */
import { Effect } from "effect"
import { FulcrumCli } from "../src/index.ts"

const code = await Effect.runPromise(
  FulcrumCli.main(process.argv.slice(2)).pipe(Effect.provide(FulcrumCli.layerNode))
)
process.exitCode = code
