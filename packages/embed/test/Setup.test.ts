/**
 * `fulcrum.setup.*` as a platform team calls it, against the Lever sandbox, on PGlite in memory, with
 * the worker in the process and the routes on a Node server: a team set up through every setup function
 * (archive reasons and their suggestions, Lever environment, signing tokens, interview types added and
 * removed, the provider's types, progress tags, health), then a candidate tagged and moved in Lever seen
 * through the candidate and event views (attempt 1, timeline, events, replay), each failure rejecting
 * with its documented class.
 */
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { randomBytes } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createFulcrum,
  type Fulcrum,
  type InviteRequest,
  NotFoundError,
  ProviderUnavailableError,
  SchedulerRejectedError,
  UnprocessableError
} from "../src/index.ts"

/** Polls `probe` until it returns a value, for at most `ms`. */
const waitFor = async <A>(what: string, probe: () => Promise<A | undefined>, ms = 60_000): Promise<A> => {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const providerTypes = [{ id: "prv-backend", name: "Backend take-home" }]

describe("fulcrum.setup.*", () => {
  let sandbox: LeverSandbox.Running
  let fulcrum: Fulcrum
  let server: Server
  const invites: Array<InviteRequest> = []
  /** How the provider's interview-type list answers: listed, down, or refusing. */
  let provider: "up" | "down" | "refusing" = "up"

  beforeAll(async () => {
    sandbox = await LeverSandbox.start({ webhooks: { retryBaseDelayMs: 50 } })
    server = createServer()
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    fulcrum = await createFulcrum({
      database: {},
      secretKey: randomBytes(32).toString("base64"),
      adminToken: randomBytes(24).toString("hex"),
      publicBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      allowCustomLeverUrl: true,
      logLevel: "None",
      worker: { concurrency: 2 },
      scheduler: {
        sendInvite: async (request) => {
          invites.push(request)
          return { interviewId: `iv-${invites.length}`, inviteUrl: null, expiresAt: null }
        },
        notifyNextStep: async () => {},
        cancel: async () => {},
        listInterviewTypes: async () => {
          if (provider === "down") throw new Error("connect ECONNREFUSED")
          if (provider === "refusing") throw new SchedulerRejectedError("unknown team")
          return providerTypes
        }
      }
    })
    server.on("request", fulcrum.node)
    await fulcrum.start()
  }, 120_000)

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()))
    await fulcrum?.stop()
    await sandbox?.stop()
  })

  it("sets a team up through every setup function, each failure a documented class", async () => {
    const { setup } = fulcrum
    const created = await setup.createTeam({ name: "Acme", lever: { environment: "custom", baseUrl: sandbox.baseUrl } })
    const teamId = created.settings.teamId
    await setup.submitPermanentKey(teamId, LeverSandbox.PermanentApiKey)
    const { stages } = await setup.readLeverStages(teamId, LeverSandbox.SetupApiKey)
    const stage = (name: string) => stages.find((s) => s.text === name)!.id
    await setup.mapStages(teamId, { assessment: stage("Technical Assessment"), onsite: stage("Onsite Interview"), offer: stage("Offer") })

    // Archive reasons: read with suggestions, one mapped by hand, the rest accepted in one call.
    const read = await setup.readLeverArchiveReasons(teamId, LeverSandbox.SetupApiKey)
    expect(read.reasons.length).toBeGreaterThan(1)
    expect(read.suggestions.length).toBeGreaterThan(0)
    const [first, ...rest] = read.suggestions
    await setup.mapArchiveReason(teamId, first!.reasonId, first!.offerStatus)
    const accepted = await setup.acceptArchiveReasonSuggestions(teamId)
    for (const suggestion of rest) {
      expect(accepted.settings.archiveReasonMapping[suggestion.reasonId]).toBe(suggestion.offerStatus)
    }
    await expect(setup.mapArchiveReason(teamId, "no-such-reason", "Offer Accepted")).rejects.toBeInstanceOf(UnprocessableError)

    // Webhooks registered in Lever (tokens kept), and a token stored the copy-paste way.
    const registered = await setup.registerWebhooks(teamId, LeverSandbox.SetupApiKey)
    expect(Object.keys(registered.settings.signingTokens)).toEqual(expect.arrayContaining(["stageChange", "archiveChange"]))
    const pasted = await setup.submitSigningToken(teamId, "candidateDeleted", "pasted-signing-token-0123456789")
    expect(pasted.settings.signingTokens["candidateDeleted"]).toBeDefined()

    // The provider's interview types: listed, then down (502), then refusing (502 Refused).
    expect(await setup.listProviderInterviewTypes(teamId)).toEqual(providerTypes)
    provider = "down"
    const down = await setup.listProviderInterviewTypes(teamId).catch((error: unknown) => error)
    expect(down).toBeInstanceOf(ProviderUnavailableError)
    expect(down).toMatchObject({ status: 502, tag: "ProviderUnavailable", details: { reason: "Unreachable" } })
    provider = "refusing"
    await expect(setup.listProviderInterviewTypes(teamId)).rejects.toMatchObject({ status: 502, details: { reason: "Refused" } })
    provider = "up"
    await expect(setup.listProviderInterviewTypes("no-such-team")).rejects.toBeInstanceOf(NotFoundError)

    // Interview types: added (linked to the provider's), listed, a spare one removed.
    const added = await setup.addInterviewType(teamId, { name: "Senior SWE", tag: "fulcrum-senior-swe", providerInterviewTypeId: "prv-backend" })
    expect(added.interviewType.providerInterviewTypeId).toBe("prv-backend")
    const spare = await setup.addInterviewType(teamId, { name: "Spare", tag: "fulcrum-spare" })
    await setup.removeInterviewType(teamId, spare.interviewType.id)
    expect((await setup.listInterviewTypes(teamId)).map((type) => type.tag)).toEqual(["fulcrum-senior-swe"])

    const tagged = await setup.configureProgressTags(teamId, { enabled: true, prefix: "Assessment" })
    expect(tagged.settings.progressTags).toEqual({ enabled: true, prefix: "Assessment" })

    // Health: nothing checked yet, then a check now.
    expect((await setup.health(teamId)).checkedAt).toBeNull()
    const checked = await setup.checkHealth(teamId)
    expect(checked.checkedAt).not.toBeNull()
    expect((await setup.health(teamId)).checkedAt).toBe(checked.checkedAt)

    // Lever's "Verify connection" on each registered webhook: a signed ping through the routes.
    for (const receipt of Object.values(registered.settings.signingTokens)) {
      if (receipt.registeredWebhookId === null) continue
      const delivery = await sandbox.control.verifyWebhook(receipt.registeredWebhookId)
      expect(delivery.attempts.at(-1)?.status).toBe(200)
    }
    const ready = await setup.setIntegration(teamId, true)
    expect(ready.checklist.ready, JSON.stringify(ready.checklist)).toBe(true)

    // Another Lever environment disconnects the team.
    const other = await setup.createTeam({ name: "Other", lever: { environment: "custom", baseUrl: sandbox.baseUrl } })
    const moved = await setup.chooseLeverEnvironment(other.settings.teamId, { environment: "sandbox" })
    expect(moved.settings.environment).toEqual({ _tag: "Sandbox" })
    await expect(setup.chooseLeverEnvironment("", { environment: "sandbox" })).rejects.toMatchObject({ status: 400 })
  }, 120_000)

  it("shows a candidate tagged and moved in Lever: attempt 1, timeline, events, replay", async () => {
    const { setup } = fulcrum
    const [team] = (await setup.listTeams()).filter((t) => t.checklist.ready)
    const teamId = team!.settings.teamId
    const { stages } = await setup.readLeverStages(teamId)
    const assessment = stages.find((s) => s.text === "Technical Assessment")!.id
    const ada = await sandbox.control.createOpportunity({ name: "Ada Lovelace", emails: ["ada@example.com"], tags: ["fulcrum-senior-swe"] })
    await sandbox.control.moveToStage(ada.id, assessment)
    await waitFor("the invite", async () => invites.find((invite) => invite.opportunityId === ada.id))

    const detail = await waitFor("the candidate invited", async () => {
      const shown = await setup.getCandidate(teamId, ada.id).catch(() => undefined)
      return shown?.candidate?.inviteState === "sent" ? shown : undefined
    })
    const invite = detail.candidate!.invites[detail.candidate!.currentInterviewTypeId!]!
    expect(invite.attempt).toBe(1)
    expect(invite.interviewType.providerInterviewTypeId).toBe("prv-backend")
    expect(detail.timeline.map((entry) => entry.kind)).toContain("InviteSent")
    expect(detail.events.length).toBeGreaterThan(0)

    const listed = await setup.listCandidates(teamId, { inviteState: "sent" })
    expect(listed.candidates.map((c) => c.opportunityId)).toContain(ada.id)
    expect((await setup.listEvents(teamId, { status: "dead" })).events).toEqual([])
    const done = await waitFor("the stage change processed", async () =>
      (await setup.listEvents(teamId, { opportunityId: ada.id })).events.find((event) => event.status === "done"))
    const replayed = await setup.replayEvent(teamId, done.eventId)
    expect(replayed.eventId).toBe(done.eventId)
    expect(replayed.replays).toBe(done.replays + 1)

    await expect(setup.getCandidate(teamId, "no-such-opportunity")).rejects.toBeInstanceOf(NotFoundError)
    await expect(setup.replayEvent(teamId, "no-such-event")).rejects.toBeInstanceOf(NotFoundError)
    // Sent and never started: a resend is queued; an unknown candidate has nothing to resend.
    expect((await setup.resendInvite(teamId, ada.id)).eventId).toEqual(expect.any(String))
    await expect(setup.resendInvite(teamId, "no-such-opportunity")).rejects.toBeInstanceOf(NotFoundError)
  }, 120_000)
})
