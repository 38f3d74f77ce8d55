/**
 * Node child processes for the multi-process tests of every host (`fulcrum-worker`, `fulcrum-http`, the
 * Lever sandbox's CLI, the quickstart): a script run with this Node (`process.execPath`) and an explicit
 * environment, its output collected line by line (JSON log lines parsed), and stopped with the signal a
 * test chooses. Children still running when the test's scope closes are killed.
 */
import { NodeServices } from "@effect/platform-node"
import { Effect, Fiber, Layer, Schedule, Stream } from "effect"
import { ChildProcess, ChildProcessSpawner } from "effect/process"

/** One JSON log line of a child. */
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

export interface NodeChild {
  readonly name: string
  readonly pid: number
  /** Every line the child wrote (stdout and stderr), parsed when it is a JSON log line. */
  readonly lines: () => ReadonlyArray<LogLine | string>
  /** Everything the child wrote so far, one line each, for failure messages and greps. */
  readonly transcript: () => string
  /** Waits until a line satisfies `find` (default 20 s); dies with the transcript otherwise. */
  readonly awaitLine: <A>(
    description: string,
    find: (line: LogLine | string) => A | undefined,
    timeoutMs?: number
  ) => Effect.Effect<A>
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
 * Starts `node <script> [...args]`. `env` is the child's whole environment (the test's own is not
 * inherited, so nothing leaks in by accident), plus PATH.
 */
export const spawn = Effect.fnUntraced(function*(options: {
  readonly name: string
  readonly script: string
  readonly args?: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
}) {
  const spawner = yield* ChildProcessSpawner.ChildProcessSpawner
  const handle = yield* spawner.spawn(
    ChildProcess.make(process.execPath, [options.script, ...(options.args ?? [])], {
      env: { PATH: process.env["PATH"] ?? "", ...options.env },
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
  const awaitLine = <A>(description: string, find: (line: LogLine | string) => A | undefined, timeoutMs = 20_000) =>
    Effect.suspend(() => {
      for (const line of lines) {
        const found = find(line)
        if (found !== undefined) return Effect.succeed(found)
      }
      return Effect.fail("not yet" as const)
    }).pipe(
      Effect.retry(Schedule.spaced("25 millis")),
      Effect.timeoutOrElse({
        duration: timeoutMs,
        orElse: () => Effect.die(new Error(`${options.name} never wrote ${description}; it wrote:\n${transcript()}`))
      }),
      Effect.orDie
    )

  return {
    name: options.name,
    pid: handle.pid,
    lines: () => [...lines],
    transcript,
    awaitLine,
    awaitLog: (message, timeoutMs) =>
      awaitLine(
        `"${message}"`,
        (line) => typeof line !== "string" && line.message === message ? line : undefined,
        timeoutMs
      ),
    kill: (signal) =>
      signal === "SIGKILL"
        ? Effect.andThen(handle.kill({ killSignal: "SIGKILL" }).pipe(Effect.ignore), Fiber.join(exit)).pipe(Effect.asVoid)
        : Effect.sync(() => void process.kill(handle.pid, signal)),
    ended: Fiber.join(exit)
  } satisfies NodeChild
})
