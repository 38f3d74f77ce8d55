#!/usr/bin/env node
/**
 * `fulcrum-http`: serves Fulcrum's HTTP API until SIGTERM/SIGINT. Configured from the environment (see
 * `HostConfig`); operations guide in docs/operations.md.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Layer } from "effect"
import { HttpHostProcess } from "../src/index.ts"

Layer.launch(HttpHostProcess.layerFromEnv).pipe(NodeRuntime.runMain)
