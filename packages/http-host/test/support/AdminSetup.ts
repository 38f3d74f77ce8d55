/**
 * A team set up the way an admin does it over the admin API, in checklist order, with the typed client
 * only: create the team on a Lever account, submit the permanent key, read and map the stages and the
 * archive reasons with the setup key, let Fulcrum register its webhooks in Lever, add the interview
 * type, switch the integration on. Lever's "Verify connection" is the caller's part (it happens in Lever).
 */
import { assert } from "@effect/vitest"
import type { FulcrumClient, TeamModels } from "@fulcrum/api"
import type { Checklist } from "@fulcrum/domain"
import { Effect } from "effect"

/** The Lever account a team is connected to, and the keys its admin holds. */
export interface LeverAccount {
  readonly baseUrl: string
  readonly setupKey: string
  readonly permanentKey: string
}

/** The Lever stages (by name, as the sandbox seeds them) the provider stages are mapped to. */
export const stageNames = { assessment: "Technical Assessment", onsite: "Onsite Interview", offer: "Offer" } as const

/** The interview type the test teams offer, and its exact Lever tag. */
export const interviewType = { name: "Backend", tag: "Backend Assessment" } as const

/** The ids of the checklist items that are done. */
export const doneItems = (checklist: Checklist.Checklist): ReadonlyArray<Checklist.ChecklistItemId> =>
  checklist.items.filter((item) => item.done).map((item) => item.id)

/** Creates a team on a custom Lever URL (the operator allows it for these tests); answers the team. */
export const createTeam = (client: FulcrumClient.Client, name: string, account: LeverAccount) =>
  Effect.map(
    client.teams.create({ payload: { name, lever: { environment: "custom", baseUrl: account.baseUrl } } }),
    (created) => created.body
  )

/** Reads the stages with the setup key and maps the provider stages to the Lever stages named in {@link stageNames}. */
export const mapStagesByName = Effect.fnUntraced(function*(client: FulcrumClient.Client, teamId: string, setupKey: string) {
  const read = yield* client.teams.leverStages({ params: { teamId }, payload: { setupKey } })
  const idOf = (text: string) => {
    const stage = read.stages.find((candidate) => candidate.text === text)
    assert.isDefined(stage, `Lever lists the stage "${text}"`)
    return stage!.id
  }
  const team = yield* client.teams.stageMapping({
    params: { teamId },
    payload: { assessment: idOf(stageNames.assessment), onsite: idOf(stageNames.onsite), offer: idOf(stageNames.offer) }
  })
  return { read, team }
})

/** Reads the archive reasons with the setup key and maps every active one to its suggested offer status. */
export const mapSuggestedReasons = Effect.fnUntraced(function*(client: FulcrumClient.Client, teamId: string, setupKey: string) {
  const read = yield* client.teams.leverArchiveReasons({ params: { teamId }, payload: { setupKey } })
  let team: TeamModels.TeamView | undefined
  for (const reason of read.reasons.filter((row) => row.status === "active")) {
    assert.isNotNull(reason.suggestedOfferStatus, `a suggested offer status for "${reason.text}"`)
    team = yield* client.teams.archiveReason({
      params: { teamId, reasonId: reason.id },
      payload: { offerStatus: reason.suggestedOfferStatus! }
    })
  }
  assert.isDefined(team, "Lever has active archive reasons")
  return { read, team: team! }
})

/**
 * The whole setup over the API, webhooks registered by Fulcrum with the setup key. Returns the team
 * as the last step left it: everything done but "webhooks seen", which needs Lever's ping.
 */
export const setupTeam = Effect.fnUntraced(function*(client: FulcrumClient.Client, name: string, account: LeverAccount) {
  const created = yield* createTeam(client, name, account)
  const teamId = created.settings.teamId
  yield* client.teams.permanentKey({ params: { teamId }, payload: { key: account.permanentKey } })
  yield* mapStagesByName(client, teamId, account.setupKey)
  yield* mapSuggestedReasons(client, teamId, account.setupKey)
  yield* client.teams.registerWebhooks({ params: { teamId }, payload: { setupKey: account.setupKey } })
  yield* client.teams.addInterviewType({ params: { teamId }, payload: interviewType })
  const team = yield* client.teams.integration({ params: { teamId }, payload: { enabled: true } })
  const pending = team.checklist.items.filter((item) => !item.done).map((item) => item.id)
  assert.deepStrictEqual(pending, ["webhooks"], "only Lever's ping is left")
  return team
})
