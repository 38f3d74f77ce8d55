/**
 * Benchmark: the settings page's budgets (issue 12): initial JavaScript ≤ 200 kB gzipped, and the
 * checklist's first meaningful paint < 1 s against a local host in headless Chromium.
 *
 *   node bench/settings-page.ts
 *
 * 1. Build: a full Vite build of `@fulcrum/settings-ui` (what `./dev.sh` does when the sources changed).
 * 2. Size: every script and stylesheet `index.html` loads at start, raw, gzip -9 and brotli 11 (the
 *    forms the host serves).
 * 3. Paint: `fulcrum-http`'s routes (`HttpHostProcess.layerServing`, memory stores; the browser tests'
 *    host) in this process with a team half set up against the Lever sandbox; Debian's chromium (playwright-core) opens the team's
 *    page signed in (token put into sessionStorage before the page loads), cold cache each time, and we
 *    read the time from navigation start until the checklist is on screen (`[data-testid=readiness]`
 *    visible), with the browser's first contentful paint beside it. `BENCH_PAINTS` runs (default 7);
 *    median and worst printed, then one warm run (files from the browser's cache).
 */
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Build, SettingsAssets } from "@fulcrum/settings-ui"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { join } from "node:path"
import { brotliCompressSync, constants, gzipSync } from "node:zlib"
import { chromium } from "playwright-core"
import * as PageHost from "../packages/http-host/test/support/PageHost.ts"

const paints = Number(process.env["BENCH_PAINTS"] ?? 7)
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

console.log(`settings page benchmark — ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}`)

// 1. Build
const buildStarted = performance.now()
await Build.build()
console.log(`build (vite, full): ${Math.round(performance.now() - buildStarted)} ms`)

// 2. Size
const html = readFileSync(join(SettingsAssets.distDir, "index.html"), "utf8")
const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(js|css))"/g)].map((match) => ({ path: match[1]!, kind: match[2]! }))
let jsGzip = 0
for (const { kind, path } of initial) {
  const bytes = readFileSync(join(SettingsAssets.distDir, path))
  const gzip = gzipSync(bytes, { level: 9 }).length
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  if (kind === "js") jsGzip += gzip
  console.log(`  ${path}: ${kB(bytes.length)} raw, ${kB(gzip)} gzip, ${kB(brotli)} brotli`)
}
console.log(`initial JavaScript, gzip: ${kB(jsGzip)} (budget 200 kB: ${jsGzip <= 200_000 ? "within" : "OVER"})`)

// 3. Paint: the browser tests' host (the API, the page and the worker over memory stores, the sandbox).
const host = await PageHost.start()
const { url } = host
const teamId = await Effect.runPromise(Effect.gen(function*() {
  const client = yield* Effect.promise(() => host.client())
  const { body: team } = yield* client.teams.create({
    payload: { name: "Bench Co", lever: { environment: "custom", baseUrl: host.sandbox.baseUrl } }
  })
  yield* client.teams.permanentKey({ params: { teamId: team.teamId }, payload: { key: LeverSandbox.PermanentApiKey } })
  return team.teamId
}))
const operatorToken = PageHost.operatorToken

const browser = await chromium.launch({
  executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
})
const measure = async (context: Awaited<ReturnType<typeof browser.newContext>>) => {
  const page = await context.newPage()
  await page.goto(`${url}/#/teams/${teamId}/team`, { waitUntil: "commit" })
  await page.getByTestId("readiness").waitFor()
  const timing = await page.evaluate(() => ({
    checklist: performance.now(),
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN
  }))
  await page.close()
  return timing
}
const cold: Array<{ checklist: number; fcp: number }> = []
for (let run = 0; run < paints; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  await context.addInitScript((token) => sessionStorage.setItem("fulcrum.token", token), operatorToken)
  cold.push(await measure(context))
  await context.close()
}
const warmContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
await warmContext.addInitScript((token) => sessionStorage.setItem("fulcrum.token", token), operatorToken)
await measure(warmContext)
const warm = await measure(warmContext)
await browser.close()
await host.dispose()

const sorted = (values: Array<number>) => [...values].sort((a, b) => a - b)
const median = (values: Array<number>) => sorted(values)[Math.floor(values.length / 2)]!
const checklist = cold.map((timing) => timing.checklist)
console.log(
  `checklist on screen, cold cache (${paints} runs): median ${Math.round(median(checklist))} ms, worst ${
    Math.round(sorted(checklist).at(-1)!)
  } ms (budget 1000 ms: ${median(checklist) < 1_000 ? "within" : "OVER"}); first contentful paint median ${
    Math.round(median(cold.map((timing) => timing.fcp)))
  } ms`
)
console.log(`checklist on screen, warm cache: ${Math.round(warm.checklist)} ms`)
process.exit(0)
