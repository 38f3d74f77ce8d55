/**
 * `./dev.sh start` stopped while it is still setting up (installing dependencies, before the quickstart
 * runs): it ends the step in progress and exits 0 at once, with one line saying so and no errors — as the
 * quickstart itself does when stopped while it starts. The script runs in a scratch copy of the
 * repository's root whose `pnpm` is a stand-in that takes its time to "install".
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schedule } from "effect"
import { spawn } from "node:child_process"
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const devScript = fileURLToPath(new URL("../../../dev.sh", import.meta.url))
const pnpmVersion = "12.4.2"

/** A root with dev.sh, a package.json naming the pnpm version, and a `pnpm` that installs for a minute. */
const scratchRoot = Effect.acquireRelease(
  Effect.sync(() => {
    const root = mkdtempSync(join(tmpdir(), "fulcrum-dev-sh-"))
    copyFileSync(devScript, join(root, "dev.sh"))
    writeFileSync(join(root, "package.json"), JSON.stringify({ packageManager: `pnpm@${pnpmVersion}` }))
    writeFileSync(join(root, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n")
    const bin = join(root, ".toolchain", "pnpm", "bin")
    mkdirSync(bin, { recursive: true })
    writeFileSync(
      join(bin, "pnpm"),
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo ${pnpmVersion}; exit 0; fi\necho $$ > "${root}/installing"\nexec sleep 60\n`
    )
    chmodSync(join(bin, "pnpm"), 0o755)
    return root
  }),
  (root) => Effect.sync(() => rmSync(root, { recursive: true, force: true }))
)

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Retries `check` every 50 ms until it holds, for at most `seconds`. */
const until = (description: string, check: () => boolean, seconds = 20) =>
  Effect.suspend(() => check() ? Effect.void : Effect.fail(description)).pipe(
    Effect.retry(Schedule.spaced("50 millis")),
    Effect.timeoutOrElse({ duration: `${seconds} seconds`, orElse: () => Effect.die(new Error(`never: ${description}`)) })
  )

describe("./dev.sh start", () => {
  it.live("SIGTERM while it installs dependencies stops the install and exits 0 without errors", () =>
    Effect.gen(function*() {
      const root = yield* scratchRoot
      const child = spawn("bash", [join(root, "dev.sh"), "start"], {
        cwd: root,
        env: { PATH: process.env["PATH"] ?? "", HOME: root },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let output = ""
      child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString()))
      child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()))
      const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal }))
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => child.kill("SIGKILL")))

      const pidFile = join(root, "installing")
      yield* until("the install started", () => {
        try {
          return readFileSync(pidFile, "utf8").trim() !== ""
        } catch {
          return false
        }
      }, 60)
      const installer = Number(readFileSync(pidFile, "utf8").trim())
      child.kill("SIGTERM")
      const result = yield* Effect.promise(() => ended)
      assert.deepStrictEqual(result, { code: 0, signal: null }, output)
      assert.include(output, "stopped during setup")
      assert.notMatch(output, /error|Error|Terminated/, output)
      yield* until("the install was stopped too", () => !isRunning(installer), 10)
    }).pipe(Effect.scoped), 90_000)
})
