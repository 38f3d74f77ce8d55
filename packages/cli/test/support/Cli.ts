/**
 * Running `fulcrum` against the in-process test host of `@fulcrum/http-host` (memory stores, the Lever
 * sandbox): in process through `FulcrumCli.main` with stdout/stderr captured, or as the real bin in a
 * child process (exit codes, stdin). Secrets always go in flags or stdin, never a prompt: stdin is no
 * terminal here.
 */
import { EventInbox } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Console, Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { FulcrumCli } from "../../src/index.ts"

/** What one command line printed, and its exit code. */
export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const capture = (out: Array<string>, err: Array<string>): Console.Console => ({
  ...globalThis.console,
  log: (...args) => void out.push(args.join(" ")),
  info: (...args) => void out.push(args.join(" ")),
  error: (...args) => void err.push(args.join(" ")),
  warn: (...args) => void err.push(args.join(" "))
})

/** Runs `fulcrum <args>` in this process against `url` with `token`. */
export const run = (url: string, token: string, args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const out: Array<string> = []
    const err: Array<string> = []
    const code = yield* FulcrumCli.main(["--url", url, "--token", token, ...args]).pipe(
      Effect.provide(FulcrumCli.layerNode),
      Effect.provideService(Console.Console, capture(out, err))
    )
    return { code, stdout: out.join("\n"), stderr: err.join("\n") } satisfies Run
  })

/** `run`, then the JSON it printed (the command must succeed). */
export const runJson = (url: string, token: string, args: ReadonlyArray<string>) =>
  Effect.flatMap(run(url, token, [...args, "--json"]), (result) =>
    result.code === 0
      ? Effect.succeed(JSON.parse(result.stdout) as unknown)
      : Effect.die(new Error(`fulcrum ${args.join(" ")} exited ${result.code}: ${result.stderr}`)))

const bin = fileURLToPath(new URL("../../bin/fulcrum.ts", import.meta.url))

/** Runs the `fulcrum` bin in a child process with `env` (on top of PATH) and `stdin`. */
export const spawn = (args: ReadonlyArray<string>, options: { readonly env?: Record<string, string>; readonly stdin?: string } = {}) =>
  Effect.callback<Run>((resume) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH ?? "", ...options.env }, timeout: 150_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1
        resume(Effect.succeed({ code, stdout, stderr }))
      }
    )
    child.stdin?.end(options.stdin ?? "")
  })

/** Puts `count` dead events in the team's inbox (admin resend requests that gave up). */
export const deadEvents = (teamId: string, count: number) =>
  Effect.gen(function*() {
    const inbox = yield* EventInbox.EventInbox
    for (let i = 0; i < count; i++) {
      yield* inbox.accept({
        teamId,
        dedupeKey: `cli-dead-${teamId}-${i}`,
        source: "admin",
        kind: "ResendRequested",
        opportunityId: `opp-dead-${i}`,
        payload: { _tag: "ResendRequested", opportunityId: Ids.OpportunityId.make(`opp-dead-${i}`), interviewTypeId: null },
        rawBody: null,
        receivedAt: Date.now(),
        status: "pending",
        note: null
      })
    }
    const killed: Array<string> = []
    while (killed.length < count) {
      const claimed = yield* inbox.claim({ workerId: "cli-test", limit: count, leaseMs: 60_000, now: Date.now() })
      for (const { event } of claimed) {
        yield* inbox.kill(event.eventId, "cli-test", { error: "Lever answered 500 on every attempt", now: Date.now() })
        killed.push(event.eventId)
      }
    }
    return killed
  })
