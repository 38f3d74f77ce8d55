/**
 * Worker child processes for the multi-process tests: `node src/main.ts` (the real bin) or
 * `node test/support/worker-entry.ts` (the same composition with the test's scheduler stub), started
 * with an explicit environment, their JSON log lines collected, and stopped with the signal a test
 * chooses. Children still running when the test's scope closes are killed.
 */
import { NodeServices } from "@effect/platform-node"
import { Effect, Fiber, Layer, Schedule, Stream } from "effect"
import { ChildProcess, ChildProcessSpawner } from "effect/process"
import { fileURLToPath } from "node:url"

const entries = {
  main: fileURLToPath(new URL("../../src/main.ts", import.meta.url)),
  test: fileURLToPath(new URL("./worker-entry.ts", import.meta.url))
} as const

/** One JSON log line of a worker. */
export interface LogLine {
  readonly message: string
  readonly level: string
  readonly annotations: Readonly<Record<string, unknown>>
}

/** How a child ended: its exit code, or the signal that killed it. */
export interface Ended {
  readonly code: number | null
  readonly signal: string | null
}

export interface WorkerChild {
  readonly workerId: string
  /** Every line the child wrote, parsed when it is JSON. */
  readonly lines: () => ReadonlyArray<LogLine | string>
  /** Waits until a JSON log line with `message` appears (default 20 s). */
  readonly awaitLog: (message: string, timeoutMs?: number) => Effect.Effect<LogLine>
  /** Sends `signal`; with SIGKILL the process is gone when this returns. */
  readonly kill: (signal: "SIGTERM" | "SIGINT" | "SIGKILL") => Effect.Effect<void>
  /** Waits for the process to end. */
  readonly ended: Effect.Effect<Ended>
}

const parse = (line: string): LogLine | string => {
  try {
    const value = JSON.parse(line) as LogLine
    return typeof value === "object" && value !== null && typeof value.message === "string" ? value : line
  } catch {
    return line
  }
}

/** The layer child processes are spawned with. */
export const layer: Layer.Layer<ChildProcessSpawner.ChildProcessSpawner> = NodeServices.layer

/**
 * Starts a worker child. `env` is the whole worker configuration (the test's own environment is not
 * inherited, so nothing leaks in by accident), plus PATH.
 */
export const spawn = Effect.fnUntraced(function*(options: {
  readonly entry: keyof typeof entries
  readonly workerId: string
  readonly env: Readonly<Record<string, string>>
}) {
  const spawner = yield* ChildProcessSpawner.ChildProcessSpawner
  const handle = yield* spawner.spawn(
    ChildProcess.make(process.execPath, [entries[options.entry]], {
      env: { PATH: process.env["PATH"] ?? "", WORKER_ID: options.workerId, LOG_LEVEL: "info", ...options.env },
      extendEnv: false,
      forceKillAfter: "5 seconds"
    })
  ).pipe(Effect.orDie)
  const lines: Array<LogLine | string> = []
  yield* handle.all.pipe(
    Stream.decodeText(),
    Stream.splitLines,
    Stream.runForEach((line) => Effect.sync(() => void lines.push(parse(line)))),
    Effect.ignore,
    Effect.forkScoped
  )
  const exit = yield* handle.exitCode.pipe(
    Effect.map((code): Ended => ({ code, signal: null })),
    Effect.catch((error) =>
      Effect.succeed<Ended>({ code: null, signal: /signal: '(\w+)'/.exec(String(error.cause ?? error))?.[1] ?? "unknown" })
    ),
    Effect.forkScoped
  )
  const transcript = () => lines.map((l) => typeof l === "string" ? l : JSON.stringify(l)).join("\n")
  const find = (message: string) =>
    lines.find((line): line is LogLine => typeof line !== "string" && line.message === message)

  return {
    workerId: options.workerId,
    lines: () => [...lines],
    awaitLog: (message, timeoutMs = 20_000) =>
      Effect.suspend(() => {
        const line = find(message)
        return line === undefined ? Effect.fail("not yet" as const) : Effect.succeed(line)
      }).pipe(
        Effect.retry(Schedule.spaced("25 millis")),
        Effect.timeoutOrElse({
          duration: timeoutMs,
          orElse: () =>
            Effect.die(
              new Error(`${options.workerId} never logged "${message}"; it wrote:\n${transcript()}`)
            )
        }),
        Effect.orDie
      ),
    kill: (signal) =>
      signal === "SIGKILL"
        ? Effect.andThen(handle.kill({ killSignal: "SIGKILL" }).pipe(Effect.ignore), Fiber.join(exit)).pipe(Effect.asVoid)
        : Effect.sync(() => void process.kill(handle.pid, signal)),
    ended: Fiber.join(exit)
  } satisfies WorkerChild
})
