/**
 * Child processes of the host benches: `fulcrum-http`, `fulcrum-worker` and the floor server, each a
 * separate Node process (as deployed), with their resident memory read from `/proc` and their stderr
 * kept for the report when one fails to start.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"

/** The repository root (bench/host/ is two levels down). */
export const root = fileURLToPath(new URL("../../", import.meta.url))

/** The `fulcrum-http` bin, the `fulcrum-worker` and quickstart entry points and the comparison servers, from the root. */
export const scripts = {
  http: "packages/http-host/bin/fulcrum-http.ts",
  worker: "packages/worker-host/src/main.ts",
  quickstart: "examples/quickstart/src/main.ts",
  /** The quickstart's bundle (`./dev.sh start`), made by `examples/quickstart/scripts/bundle.ts`. */
  quickstartBundle: "examples/quickstart/dist/main.js",
  floor: "bench/host/floor-server.ts",
  effectFloor: "bench/host/effect-floor-server.ts",
  facade: "bench/host/facade-server.ts"
} as const

/** A running child and what it printed. */
export interface Child {
  readonly process: ChildProcess
  readonly output: () => string
  /** When it was spawned (`performance.now()`). */
  readonly spawnedAt: number
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to take). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })

/**
 * Starts `node <nodeArgs> <script>` from the repository root (or `cwd`, another checkout) with `env`
 * added to this process's environment (V8 flags such as `--optimize-for-size` are refused in `NODE_OPTIONS`, hence `nodeArgs`).
 */
export const start = (
  script: string,
  env: Record<string, string>,
  nodeArgs: ReadonlyArray<string> = [],
  cwd: string = root
): Child => {
  let output = ""
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const keep = (chunk: Buffer) => {
    // Only the tail matters (why it failed); a long run must not grow this without bound.
    output = (output + chunk.toString("utf8")).slice(-20_000)
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  return { process: child, output: () => output, spawnedAt }
}

/**
 * The environment of a `fulcrum-http` on 127.0.0.1:`port` for a bench: its database, admin token and
 * secret key, and custom Lever URLs allowed (the sandbox runs on a loopback port).
 */
export const hostEnv = (options: {
  readonly port: number
  readonly databaseUrl: string
  readonly adminToken: string
  readonly secretKey: string
}): Record<string, string> => ({
  PORT: String(options.port),
  HOST: "127.0.0.1",
  DATABASE_URL: options.databaseUrl,
  FULCRUM_ADMIN_TOKEN: options.adminToken,
  FULCRUM_SECRET_KEY: options.secretKey,
  FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true"
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `url` every 20 ms until it answers 200; the milliseconds from spawn to that answer. Fails when
 * the child exits first or `timeoutMs` passes, with its output.
 */
export const waitReady = async (child: Child, url: string, timeoutMs = 60_000): Promise<number> => {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`the process exited (${child.process.exitCode}) before ${url} answered:\n${child.output()}`)
    }
    const ok = await fetch(url).then((res) => res.status === 200, () => false)
    if (ok) return performance.now() - child.spawnedAt
    await sleep(20)
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`)
}

/** Waits until the child printed a line matching `pattern`; the match. */
export const waitOutput = async (child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> => {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    const match = child.output().match(pattern)
    if (match !== null) return match
    if (child.process.exitCode !== null) throw new Error(`the process exited early:\n${child.output()}`)
    await sleep(20)
  }
  throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${child.output()}`)
}

/** The child's resident set size in MB (`VmRSS` of `/proc/<pid>/status`); NaN when unavailable. */
export const rssMb = (child: Child): number => {
  try {
    const status = readFileSync(`/proc/${child.process.pid}/status`, "utf8")
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1])
    return kb / 1024
  } catch {
    return Number.NaN
  }
}

/** The child's peak resident set size so far in MB (`VmHWM`); NaN when unavailable. */
export const peakRssMb = (child: Child): number => {
  try {
    const status = readFileSync(`/proc/${child.process.pid}/status`, "utf8")
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024
  } catch {
    return Number.NaN
  }
}

/** The CPU time the child has used so far in ms (user + system, `/proc/<pid>/stat`); NaN when unavailable. */
export const cpuMs = (child: Child): number => {
  try {
    const stat = readFileSync(`/proc/${child.process.pid}/stat`, "utf8")
    // Fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return Number.NaN
  }
}

/** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
export const stop = (child: Child, graceMs = 15_000): Promise<void> =>
  new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.process.kill("SIGKILL"), graceMs)
    child.process.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.process.kill("SIGTERM")
  })
