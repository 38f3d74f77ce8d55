/**
 * Worker child processes for the multi-process tests: `node src/main.ts` (the real bin) or
 * `node test/support/worker-entry.ts` (the same composition with the test's scheduler stub), started
 * with an explicit environment through `NodeChild`, their JSON log lines collected, and stopped with the
 * signal a test chooses. Children still running when the test's scope closes are killed.
 */
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import * as NodeChild from "./NodeChild.ts"

const entries = {
  main: fileURLToPath(new URL("../../src/main.ts", import.meta.url)),
  test: fileURLToPath(new URL("./worker-entry.ts", import.meta.url))
} as const

export type { Ended, LogLine } from "./NodeChild.ts"

export interface WorkerChild extends NodeChild.NodeChild {
  readonly workerId: string
}

/** The layer child processes are spawned with. */
export const layer = NodeChild.layer

/**
 * Starts a worker child. `env` is the whole worker configuration (the test's own environment is not
 * inherited, so nothing leaks in by accident), plus PATH.
 */
export const spawn = Effect.fnUntraced(function*(options: {
  readonly entry: keyof typeof entries
  readonly workerId: string
  readonly env: Readonly<Record<string, string>>
}) {
  const child = yield* NodeChild.spawn({
    name: options.workerId,
    script: entries[options.entry],
    env: { WORKER_ID: options.workerId, LOG_LEVEL: "info", ...options.env }
  })
  return { ...child, workerId: options.workerId } satisfies WorkerChild
})
