/**
 * Headless Chromium for the page's tests: Debian's `/usr/bin/chromium` driven by playwright-core (no
 * browser download), axe-core injected into the page, screenshots at the two widths the page is made
 * for, and every Content-Security-Policy violation the page causes.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"

/** Where Debian's chromium is (`./dev.sh test` installs it with apt when missing). */
export const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"

/** Screenshots of every step (git-ignored). */
export const screenshotDir = fileURLToPath(new URL("../../../settings-ui/.screenshots", import.meta.url))

/** The widths the page is checked at: a laptop and a phone. */
export const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const

const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]

/** Launches the browser, or fails saying how to install it. */
export const launch = async (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium; ./dev.sh test does it)`)
  }
  return chromium.launch({ executablePath: chromiumPath, args: flags, headless: true })
}

/** A fresh tab (own sessionStorage) at a width, collecting CSP violations and page errors. */
export const open = async (browser: Browser, width: keyof typeof widths = "desktop") => {
  const context: BrowserContext = await browser.newContext({ viewport: widths[width] })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text())
  })
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
  return { context, page, problems }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

/** One accessibility violation axe found. */
export interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly targets: ReadonlyArray<string>
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules and best
 * practices). Injected through the DevTools protocol, so the page's CSP stays on.
 */
export const seriousViolations = async (page: Page): Promise<ReadonlyArray<Violation>> => {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    // `axe` is the global the injected script defines.
    const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<any> } }).axe
    const results = await axe.run(document, { resultTypes: ["violations"] })
    return (results.violations as Array<any>).map((violation) => ({
      id: String(violation.id),
      impact: violation.impact ?? null,
      help: String(violation.help),
      targets: (violation.nodes as Array<any>).map((node) => String(node.target))
    }))
  })
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical")
}

/** Saves a full-page screenshot as `<name>-<width>.png` under {@link screenshotDir}. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(screenshotDir, { recursive: true })
  const width = page.viewportSize()?.width ?? 0
  const path = join(screenshotDir, `${name}-${width}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
