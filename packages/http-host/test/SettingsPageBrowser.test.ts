/**
 * The settings page in real headless Chromium, against Fulcrum with its worker and the Lever sandbox:
 * a team set up from nothing to "Ready" using only the page (with a permanent key, and with Connect to
 * Lever), a candidate pushed through the sandbox showing up as invited with its timeline, archive reasons
 * autosaved across a reload and accepted in one click, Lever's refusals next to the field, and a team
 * token that sees only its team. On every page axe-core finds no serious or critical violation and the
 * page breaks no Content-Security-Policy rule; screenshots at 1280 and 390 px go to `.screenshots/`.
 * One browser and one host for the file; the tests run in order and build on each other.
 */
import { LeverSandbox, Permission } from "@fulcrum/lever-sandbox"
import { Effect } from "effect"
import type { Browser, Page } from "playwright-core"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { Build } from "@fulcrum/settings-ui"
import * as Browsers from "./support/Browser.ts"
import * as PageHost from "./support/PageHost.ts"

let host: Awaited<ReturnType<typeof PageHost.start>>
let browser: Browser
const problems: Array<string> = []

beforeAll(async () => {
  await Build.build({ ifStale: true })
  ;[host, browser] = await Promise.all([PageHost.start(), Browsers.launch()])
})

afterAll(async () => {
  await browser?.close()
  await host?.dispose()
})

const sandbox = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

/**
 * Runs `body` in a fresh tab; on failure saves a screenshot (`failed-<name>`) and adds the page's text
 * to the error, so a failure on CI says what the page showed.
 */
const inTab = async (name: string, width: keyof typeof Browsers.widths, body: (page: Page) => Promise<void>) => {
  const { context, page, problems: tabProblems } = await Browsers.open(browser, width)
  try {
    await body(page)
  } catch (error) {
    const path = await Browsers.screenshot(page, `failed-${name}`).catch(() => "no screenshot")
    const text = await page.locator("body").innerText().catch(() => "")
    throw new Error(`${String(error)}\n--- the page (${page.url()}, ${path}) showed:\n${text.slice(0, 3_000)}`)
  } finally {
    problems.push(...tabProblems)
    await context.close()
  }
}

/** Signs in on a fresh page with a token, with the keyboard only: Tab past the skip link, type, Enter. */
const signIn = async (page: Page, token: string) => {
  await page.goto(`${host.url}/`)
  const field = page.getByLabel("Token")
  await field.waitFor()
  for (let tab = 0; tab < 10 && !(await field.evaluate((element) => element === document.activeElement)); tab++) {
    await page.keyboard.press("Tab")
  }
  await page.keyboard.type(token)
  await page.keyboard.press("Enter")
  await page.getByRole("heading", { name: "Teams", level: 1 }).waitFor()
}

/** Opens a step from the steps menu. */
const step = async (page: Page, name: string, heading = name) => {
  await page.getByRole("navigation", { name: "Setup steps" }).getByRole("link", { name: new RegExp(`^${name}`) }).click()
  await page.getByRole("heading", { name: heading, level: 1, exact: true }).waitFor()
}

/** axe at both widths (no serious or critical violation), nothing wider than the screen, a screenshot at each. */
const check = async (page: Page, name: string) => {
  for (const width of ["desktop", "phone"] as const) {
    await page.setViewportSize(Browsers.widths[width])
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.isAtMost(scrollWidth, Browsers.widths[width].width, `${name} fits ${Browsers.widths[width].width} px without sideways scrolling`)
    const violations = await Browsers.seriousViolations(page)
    assert.deepStrictEqual(violations, [], `${name} at ${Browsers.widths[width].width} px: ${JSON.stringify(violations, null, 2)}`)
    await Browsers.screenshot(page, name)
  }
  await page.setViewportSize(Browsers.widths.desktop)
}

const fieldError = (page: Page, label: string) =>
  page.locator(".field", { has: page.getByLabel(label, { exact: true }) }).locator(".field-error")

const readiness = (page: Page) => page.getByTestId("readiness")

/** Creates a team on the Teams page, pointed at the sandbox (a custom Lever URL); answers its id. */
const createTeam = async (page: Page, name: string) => {
  await page.getByLabel("Team name").fill(name)
  await page.getByLabel("Lever environment").selectOption("custom")
  await page.getByLabel("Lever base URL").fill(host.sandbox.baseUrl)
  await page.getByRole("button", { name: "Create team" }).click()
  await page.getByRole("heading", { name: "Team", level: 1, exact: true }).waitFor()
  return teamIdOf(page)
}

/** The team id in the address, once a team page shows. */
const teamIdOf = (page: Page) => {
  const teamId = /#\/teams\/([^/]+)/.exec(page.url())?.[1]
  assert.isDefined(teamId, `a team page is open (${page.url()})`)
  return teamId!
}

const state: { keyTeam: string; oauthTeam: string } = { keyTeam: "", oauthTeam: "" }

/** Lever's "Verify connection" on the team's webhooks, as the admin clicks it in Lever. */
const verifyWebhooks = async (teamId: string) => {
  const hooks = (await sandbox(host.sandbox.control.webhooks.list())).filter((hook) => hook.url.includes(teamId))
  assert.strictEqual(hooks.length, 2, "both webhooks are registered in Lever")
  for (const hook of hooks) await sandbox(host.sandbox.control.verifyWebhook(hook.id))
}

/** Maps stages, accepts every archive-reason suggestion and adds the interview type, with the stored credentials. */
const mapWithStoredCredentials = async (page: Page) => {
  await step(page, "Configure stages")
  await page.getByRole("button", { name: /^Read Lever stages/ }).click()
  await page.getByLabel("Assessment stage").selectOption({ label: "Technical Assessment" })
  await page.getByLabel("Onsite stage").selectOption({ label: "Onsite Interview" })
  await page.getByLabel("Offer stage").selectOption({ label: "Offer" })
  await page.getByRole("button", { name: "Save stage mapping" }).click()
  await page.getByRole("status").filter({ hasText: "Saved" }).waitFor()
  await step(page, "Configure archive reasons")
  await page.getByRole("button", { name: /^Read archive reasons/ }).click()
  await page.getByRole("button", { name: /^Accept all suggestions/ }).click()
  await page.locator('[data-item="archiveReasons"].item-done').waitFor()
}

describe("the settings page in Chromium", () => {
  it("takes an empty team to Ready with a permanent key, using only the page", () =>
    inTab("key-path", "desktop", async (page) => {
    await signIn(page, PageHost.operatorToken)
    await check(page, "01-teams")

    state.keyTeam = await createTeam(page, "Acme Recruiting")
    assert.match(state.keyTeam, /^team_/)
    await page.getByText(`${host.url}/webhooks/lever/${state.keyTeam}/stage-change`).first().waitFor()
    assert.strictEqual(await readiness(page).textContent(), "8 of 8 steps to go")
    await check(page, "02-team")

    await step(page, "Connect", "Connect to Lever")
    const key = page.getByLabel("Permanent API key", { exact: true })
    await key.fill("not-a-lever-key-0000")
    await page.getByRole("button", { name: "Check and save" }).click()
    await fieldError(page, "Permanent API key").filter({ hasText: /Lever rejected the key/ }).waitFor()
    assert.strictEqual(await key.getAttribute("aria-invalid"), "true")

    // The setup key cannot read candidates or write notes: the page names what it lacks.
    await key.fill(LeverSandbox.SetupApiKey)
    await page.getByRole("button", { name: "Check and save" }).click()
    // Named next to the key (a 422 naming the permission) or in the connection status after the check.
    await page.locator('[data-testid="missing-permissions"], .field-error').filter({ hasText: "opportunities:read" }).first()
      .waitFor()

    await key.fill(LeverSandbox.PermanentApiKey)
    await page.getByRole("button", { name: /^Check and (save|replace)$/ }).click()
    await page.getByTestId("connection-status").getByText(/submitted/).waitFor()
    await page.getByText("All the permissions Fulcrum needs are there", { exact: false }).waitFor()
    assert.notInclude(await page.content(), LeverSandbox.PermanentApiKey, "the key is never shown back")
    await check(page, "03-connect")

    await step(page, "Configure stages")
    await page.getByLabel("Setup API key (optional)").fill(LeverSandbox.SetupApiKey)
    await page.getByRole("button", { name: "Read Lever stages" }).click()
    await page.getByLabel("Assessment stage").selectOption({ label: "Technical Assessment" })
    await page.getByLabel("Onsite stage").selectOption({ label: "Technical Assessment" })
    await page.getByRole("button", { name: "Save stage mapping" }).click()
    await fieldError(page, "Onsite stage").filter({ hasText: "already the assessment stage" }).waitFor()
    await fieldError(page, "Offer stage").filter({ hasText: "Choose the Lever stage" }).waitFor()
    await page.getByLabel("Onsite stage").selectOption({ label: "Onsite Interview" })
    await page.getByLabel("Offer stage").selectOption({ label: "Offer" })
    await page.getByRole("button", { name: "Save stage mapping" }).click()
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor()
    await page.locator('[data-item="stages"].item-done').waitFor()
    await check(page, "04-stages")

    await step(page, "Configure archive reasons")
    await page.getByLabel("Setup API key (optional)").fill(LeverSandbox.SetupApiKey)
    await page.getByRole("button", { name: "Read archive reasons" }).click()
    const timing = page.getByRole("combobox", { name: "Timing", exact: true })
    assert.strictEqual(await timing.inputValue(), "Not Applicable", "the suggestion is pre-filled")
    await page.locator('tr[data-reason="Timing"]').getByText("suggested").waitFor()
    await timing.selectOption("Withdrew")
    await page.locator('tr[data-reason="Timing"]').getByText("Saved ✓").waitFor()
    await check(page, "05-archive-reasons")

    // Autosaved: still there after a reload (the tab keeps its sign-in).
    await page.reload()
    await page.getByRole("heading", { name: "Configure archive reasons", level: 1 }).waitFor()
    assert.strictEqual(await page.getByRole("combobox", { name: "Timing", exact: true }).inputValue(), "Withdrew")
    assert.strictEqual(await page.locator('tr[data-reason="Timing"] .badge-suggested').count(), 0)

    await page.getByRole("button", { name: /^Accept all suggestions/ }).click()
    await page.locator('[data-item="archiveReasons"].item-done').waitFor()
    assert.strictEqual(await page.locator("tbody .badge-suggested").count(), 0, "no suggestion left unconfirmed")
    const client = await host.client()
    const team = await Effect.runPromise(client.teams.get({ params: { teamId: state.keyTeam } }))
    const active = team.settings.leverArchiveReasons?.reasons.filter((reason) => reason.status === "active") ?? []
    assert.isAbove(active.length, 20)
    for (const reason of active) assert.isDefined(team.settings.archiveReasonMapping[reason.id], reason.text)
    assert.strictEqual(team.settings.archiveReasonMapping[active.find((reason) => reason.text === "Timing")!.id], "Withdrew")

    await step(page, "Webhooks")
    await page.getByLabel("Setup API key (optional)").fill(LeverSandbox.SetupApiKey)
    await page.getByRole("button", { name: "Register the webhooks in Lever" }).click()
    await page.getByRole("status").filter({ hasText: "Registered" }).waitFor()
    await page.locator('[data-item="signingTokens"].item-done').waitFor()
    await page.getByText("waiting for Lever's verify ping").first().waitFor()
    await verifyWebhooks(state.keyTeam)
    await page.getByRole("button", { name: "Check again" }).click()
    await page.locator('[data-webhook="archiveChange"]').getByText(/verified/).waitFor()
    await page.locator('[data-webhook="stageChange"]').getByText(/verified/).waitFor()
    await check(page, "06-webhooks")

    await step(page, "Interview types")
    await page.getByRole("button", { name: "Add interview type" }).click()
    await fieldError(page, "Lever tag").filter({ hasText: "The tag is empty" }).waitFor()
    await page.getByLabel("Name", { exact: true }).fill("Senior backend engineer")
    await page.getByLabel("Lever tag").fill("Backend Assessment")
    // Linked to one of the provider's own types, chosen from the provider's list.
    await page.getByLabel("Provider's interview type (optional)").selectOption({ label: "Backend take-home (prv-backend)" })
    await page.getByRole("button", { name: "Add interview type" }).click()
    await page.getByText("Backend Assessment", { exact: true }).waitFor()
    await page.getByText("provider type prv-backend").waitFor()
    await check(page, "07-interview-types")

    // A posting linked from the page is kept (a reload reads it back from Lever's list and Fulcrum's link).
    await step(page, "Job postings")
    const backendType = page.getByRole("combobox", { name: "Interview type for Senior Backend Engineer" })
    await backendType.selectOption({ label: "Senior backend engineer" })
    await page.locator(`tr[data-posting="${LeverSandbox.PostingIds.backend}"]`).getByText("Saved ✓").waitFor()
    await check(page, "07b-postings")
    await page.reload()
    await page.getByRole("heading", { name: "Job postings", level: 1 }).waitFor()
    assert.strictEqual(
      await page.getByRole("combobox", { name: "Interview type for Senior Backend Engineer" }).locator("option:checked").textContent(),
      "Senior backend engineer"
    )

    // A further assessment stage, refused while it repeats the onsite stage, then saved with a default.
    await step(page, "Configure stages")
    await page.getByRole("button", { name: /^Read Lever stages/ }).click()
    await page.getByRole("button", { name: "Add a further assessment stage" }).click()
    const extra = page.getByLabel("Lever stage of further assessment 1")
    assert.isTrue(await extra.evaluate((element) => element === document.activeElement), "the new row takes the focus")
    await extra.selectOption({ label: "Onsite Interview" })
    await page.getByRole("button", { name: "Save stage mapping" }).click()
    await fieldError(page, "Lever stage of further assessment 1").filter({ hasText: "already the onsite stage" }).waitFor()
    await extra.selectOption({ label: "Recruiter screen" })
    await page.getByLabel("Default interview type of further assessment 1").selectOption({ label: "Senior backend engineer" })
    await page.getByRole("button", { name: "Save stage mapping" }).click()
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor()
    const mapped = await Effect.runPromise((await host.client()).teams.get({ params: { teamId: state.keyTeam } }))
    assert.deepStrictEqual(mapped.settings.stageMapping?.extraAssessments?.map((stage) => stage.name), ["Recruiter screen"])
    assert.isDefined(mapped.settings.stageMapping?.extraAssessments?.[0]?.defaultInterviewTypeId)
    await check(page, "07c-stages-extra")

    await step(page, "Team")
    await page.getByRole("button", { name: "Switch the integration on" }).click()
    await readiness(page).filter({ hasText: "Ready" }).waitFor()
    await check(page, "08-ready")

    await step(page, "Health")
    await page.getByRole("button", { name: "Run the health check" }).click()
    await page.getByRole("heading", { name: "What the check found" }).waitFor()
    // Every item is done; only the warning about confidential candidates (this key has no access) is left.
    await page.getByText(/The permanent API key has no access to confidential data/).first().waitFor()
    assert.strictEqual(
      await page.locator(".findings li").filter({ hasNotText: /confidential/ }).locator(".item-fix strong").count(),
      0,
      "nothing to fix but the confidential-candidates finding"
    )
    await page.getByText(/Nothing needs the setup API key any more/).first().waitFor()
    await check(page, "09-health")
    }))

  it("shows a candidate pushed through Lever as invited, with a timeline in names", () =>
    inTab("candidate", "desktop", async (page) => {
    await signIn(page, PageHost.operatorToken)
    const ada = await sandbox(host.sandbox.control.createOpportunity({
      name: "Ada Lovelace",
      emails: ["ada@example.com"],
      tags: ["Backend Assessment"]
    }))
    await sandbox(host.sandbox.control.moveToStage(ada.id, LeverSandbox.StageIds.technicalAssessment))

    await page.goto(`${host.url}/#/teams/${state.keyTeam}/candidates`)
    await page.getByRole("heading", { name: "Candidates", level: 1 }).waitFor()
    await page.getByLabel("Invite").selectOption("sent")
    const row = page.locator(`tr[data-opportunity="${ada.id}"]`)
    // The worker invites in the background: look again until the candidate shows up.
    for (let round = 0; (await row.count()) === 0; round++) {
      if (round > 100) assert.fail("the candidate never showed up as invited")
      await page.getByLabel("Invite").selectOption("")
      await page.getByLabel("Invite").selectOption("sent")
      await page.waitForTimeout(200)
    }
    await check(page, "10-candidates")
    await row.getByRole("link", { name: "Ada Lovelace" }).click()
    await page.getByRole("heading", { name: "Ada Lovelace", level: 1 }).waitFor()
    assert.strictEqual(await page.getByTestId("invite-state").textContent(), "Invite sent")
    const timeline = await page.locator(".timeline").textContent() ?? ""
    assert.include(timeline, "Technical Assessment", "stage names, not ids")
    assert.include(timeline, "Senior backend engineer", "interview type names, not ids")
    assert.notInclude(timeline, LeverSandbox.StageIds.technicalAssessment)
    await check(page, "11-candidate-timeline")

    // Never started: the invite can be resent as a new attempt, and the earlier one stays listed.
    assert.strictEqual(await page.getByTestId("attempt-state").first().textContent(), "Invite sent")
    await page.getByRole("button", { name: /^Resend invite/ }).click()
    await page.getByRole("button", { name: /^Resend queued/ }).waitFor()
    const earlier = page.getByRole("list", { name: /^Earlier attempts of/ })
    for (let round = 0; (await earlier.count()) === 0; round++) {
      if (round > 100) assert.fail("the resent attempt never showed up")
      await page.reload()
      await page.getByRole("heading", { name: "Ada Lovelace", level: 1 }).waitFor()
    }
    assert.include(await earlier.textContent() ?? "", "Attempt 1")
    await check(page, "11b-candidate-resent")
    }))

  it("connects with Connect to Lever (the sandbox's partner app) and reaches Ready", () =>
    inTab("oauth", "desktop", async (page) => {
    await signIn(page, PageHost.operatorToken)
    state.oauthTeam = await createTeam(page, "Globex Talent")

    await step(page, "Connect", "Connect to Lever")
    await page.getByRole("button", { name: "Connect to Lever" }).click()
    // Lever's consent (approved at once by the sandbox) sends the browser to Fulcrum's callback.
    await page.getByRole("heading", { name: "Connected Globex Talent to Lever" }).waitFor()
    await page.getByText("registered its webhooks").waitFor()
    await page.getByRole("link", { name: "Back to the settings" }).click()
    await page.getByTestId("connection-status").getByText("Connected to Lever").waitFor()

    await mapWithStoredCredentials(page)
    await step(page, "Interview types")
    await page.getByLabel("Name", { exact: true }).fill("Frontend")
    await page.getByLabel("Lever tag").fill("Frontend Assessment")
    await page.getByRole("button", { name: "Add interview type" }).click()
    await page.locator('[data-item="interviewTypes"].item-done').waitFor()
    await verifyWebhooks(state.oauthTeam)
    await step(page, "Team")
    await page.getByRole("button", { name: "Switch the integration on" }).click()
    await readiness(page).filter({ hasText: "Ready" }).waitFor()
    }))

  it("a team token sees only its team, in the page and through the API", () =>
    inTab("team-token", "phone", async (page) => {
    const operator = await host.client()
    const { body: issued } = await Effect.runPromise(
      operator.teams.issueToken({ params: { teamId: state.keyTeam }, payload: { label: "Acme's recruiting ops" } })
    )
    await signIn(page, issued.token)
    await page.getByRole("link", { name: "Acme Recruiting" }).waitFor()
    assert.strictEqual(await page.getByRole("link", { name: "Globex Talent" }).count(), 0)
    assert.strictEqual(await page.getByRole("heading", { name: "Create a team" }).count(), 0, "only the operator creates teams")
    assert.notInclude(page.url(), issued.token, "the token is never in the address")

    await page.goto(`${host.url}/#/teams/${state.oauthTeam}/team`)
    await page.getByRole("alert").getByText(`No team ${state.oauthTeam}`).waitFor()
    const teamClient = await host.client(issued.token)
    const other = await Effect.runPromise(Effect.flip(teamClient.teams.get({ params: { teamId: state.oauthTeam } })))
    assert.strictEqual(other._tag, "NotFound")
    }))

  it("says in a recruiter's words that the key may not read job postings", () =>
    inTab("no-postings", "phone", async (page) => {
    const client = await host.client()
    const withoutPostings = await sandbox(host.sandbox.control.keys.create({
      name: "No postings",
      permissions: Permission.permanent.filter((permission) => permission !== "postings:read:admin")
    }))
    const { body: team } = await Effect.runPromise(client.teams.create({
      payload: { name: "Initech", lever: { environment: "custom", baseUrl: host.sandbox.baseUrl } }
    }))
    await Effect.runPromise(client.teams.permanentKey({ params: { teamId: team.teamId }, payload: { key: withoutPostings.key } }))
    await signIn(page, PageHost.operatorToken)
    await page.goto(`${host.url}/#/teams/${team.teamId}/postings`)
    await page.getByRole("alert").getByText("it lacks the postings:read:admin permission").waitFor()
    await check(page, "12-postings-no-permission")
    }))

  it("broke no Content-Security-Policy rule and threw no error on any page", () => {
    assert.deepStrictEqual(problems, [])
  })
})
