/**
 * Drives one candidate end to end through a variant of the service, against the Lever sandbox — what
 * the tarball test runs with plain Node from the installed packages:
 *
 * 1. starts the Lever sandbox and the service (PGlite in memory, or `DATABASE_URL`);
 * 2. sets a team up through the service's `/fulcrum/api` with the platform's own key: Lever key,
 *    stages, webhooks registered in Lever, interview type, integration on;
 * 3. the recruiter (the sandbox) tags a candidate and moves them to the assessment stage: Lever's signed
 *    webhook reaches `/fulcrum/webhooks/…`, the worker calls the service's own scheduler, a note lands in
 *    Lever;
 * 4. the provider reports the grade; a results note lands in Lever.
 *
 * Usage: `node src/drive.ts [node|express|fastify|fetch]`. Prints one JSON line and exits 0, or exits 1.
 */
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { randomBytes } from "node:crypto"
import type { RunningService, ServiceOptions } from "./Options.ts"

const variants: Record<string, () => Promise<{ start: (options: ServiceOptions) => Promise<RunningService> }>> = {
  node: () => import("./NodeService.ts"),
  express: () => import("./ExpressService.ts"),
  fastify: () => import("./FastifyService.ts"),
  fetch: () => import("./FetchService.ts")
}

const variant = process.argv[2] ?? "node"
const platformKey = "platform-admin-key"

/** Polls `probe` until it returns a value (not undefined), for at most `ms`. */
const waitFor = async <A>(what: string, probe: () => Promise<A | undefined>, ms = 30_000): Promise<A> => {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const main = async () => {
  const load = variants[variant]
  if (load === undefined) throw new Error(`unknown variant ${variant}; use node, express, fastify or fetch`)
  const started = Date.now()
  const sandbox = await LeverSandbox.start({ webhooks: { retryBaseDelayMs: 50 } })
  const service = await (await load()).start({
    port: 0,
    // PostgreSQL when DATABASE_URL is set (a schema of this run's own), else PGlite in memory.
    database: process.env["DATABASE_URL"]
      ? { url: process.env["DATABASE_URL"], schema: `embed_${variant}_${randomBytes(4).toString("hex")}` }
      : {},
    secretKey: randomBytes(32).toString("base64"),
    fulcrumAdminToken: randomBytes(24).toString("hex"),
    platformKeys: new Set([platformKey]),
    allowCustomLeverUrl: true
  })
  const ready = Date.now()
  try {
    const api = async (method: string, path: string, body?: unknown, key: string | null = platformKey) => {
      const response = await fetch(`${service.url}/fulcrum/api${path}`, {
        method,
        headers: { "content-type": "application/json", ...(key === null ? {} : { "x-platform-key": key }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const json = await response.json() as any
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
      return json
    }
    // The platform's auth comes first: without its key, Fulcrum's admin API is not reachable.
    const denied = await fetch(`${service.url}/fulcrum/api/teams`)
    if (denied.status !== 401) throw new Error(`admin API without the platform key answered ${denied.status}`)

    const created = await api("POST", "/teams", { name: "Acme", lever: { environment: "custom", baseUrl: sandbox.baseUrl } })
    const teamId: string = created.settings.teamId
    await api("PUT", `/teams/${teamId}/permanent-key`, { key: LeverSandbox.PermanentApiKey })
    const { stages } = await api("POST", `/teams/${teamId}/lever/stages`, { setupKey: LeverSandbox.SetupApiKey })
    const stage = (name: string) => stages.find((s: { text: string }) => s.text === name).id as string
    await api("PUT", `/teams/${teamId}/stage-mapping`, {
      assessment: stage("Technical Assessment"),
      onsite: stage("Onsite Interview"),
      offer: stage("Offer")
    })
    const { reasons, suggestions } = await api("POST", `/teams/${teamId}/lever/archive-reasons`, { setupKey: LeverSandbox.SetupApiKey })
    const active = new Set(reasons.filter((r: { status: string }) => r.status === "active").map((r: { id: string }) => r.id))
    for (const s of suggestions.filter((s: { reasonId: string }) => active.has(s.reasonId))) {
      await api("PUT", `/teams/${teamId}/archive-reasons/${s.reasonId}`, { offerStatus: s.offerStatus })
    }
    const registered = await api("POST", `/teams/${teamId}/lever/webhooks/register`, { setupKey: LeverSandbox.SetupApiKey })
    // Lever's "Verify connection" on each webhook: a signed ping through the service to Fulcrum.
    for (const receipt of Object.values(registered.settings.signingTokens) as Array<{ registeredWebhookId: string | null }>) {
      if (receipt.registeredWebhookId === null) continue
      const delivery = await sandbox.control.verifyWebhook(receipt.registeredWebhookId)
      const status = delivery.attempts.at(-1)?.status
      if (status !== 200) throw new Error(`Verify connection got ${status} from the service`)
    }
    await api("POST", `/teams/${teamId}/interview-types`, { name: "Senior SWE", tag: "fulcrum-senior-swe" })
    await api("PUT", `/teams/${teamId}/integration`, { enabled: true })
    const team = await api("GET", `/teams/${teamId}`)
    if (team.checklist.ready !== true) throw new Error(`setup incomplete: ${JSON.stringify(team.checklist)}`)

    // The recruiter: a tagged candidate moved to the assessment stage. Lever signs and sends the webhook.
    const ada = await sandbox.control.createOpportunity({ name: "Ada Lovelace", emails: ["ada@example.com"], tags: ["fulcrum-senior-swe"] })
    await sandbox.control.moveToStage(ada.id, stage("Technical Assessment"))
    const invite = await waitFor("the service's scheduler to send the invite", async () =>
      service.invites().find((i) => i.opportunityId === ada.id))
    await waitFor("the invite note in Lever", async () =>
      (await sandbox.control.listNotes(ada.id)).length >= 1 ? true : undefined)

    // The provider reports the grade; the results note follows.
    await api("POST", `/teams/${teamId}/interviews/${invite.interviewId}/result`, {
      score: 3.5,
      summary: "Strong on system design",
      reportUrl: "https://assess.example/r/ada"
    })
    const notes = await waitFor("the results note in Lever", async () => {
      const notes = await sandbox.control.listNotes(ada.id)
      return notes.length >= 2 ? notes : undefined
    })
    if (!notes.some((note) => note.text.includes("https://assess.example/r/ada"))) throw new Error("no results note")
    const candidate = await api("GET", `/teams/${teamId}/candidates/${ada.id}`)
    const state = candidate.candidate.invites[candidate.candidate.currentInterviewTypeId].state
    if (state !== "graded") throw new Error(`candidate is ${state}, not graded`)
    console.log(JSON.stringify({ variant, ok: true, startMs: ready - started, driveMs: Date.now() - ready, notes: notes.length }))
  } finally {
    await service.stop()
    await sandbox.stop()
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`drive ${variant}: ${error instanceof Error ? error.stack : String(error)}`)
    process.exit(1)
  }
)
