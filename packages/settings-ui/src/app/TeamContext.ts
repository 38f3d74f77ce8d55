/**
 * The team being set up, shared by its step pages: the API bound to the token, the team as last
 * answered (every setup answer carries the team and its live checklist) and how to replace it.
 */
import type { TeamModels } from "@fulcrum/api"
import { createContext, useContext } from "react"
import type * as Api from "./Api.ts"

export interface TeamContextShape {
  readonly api: Api.Api
  readonly teamId: string
  readonly team: TeamModels.TeamView
  /** Shows a newer answer (the checklist follows). */
  readonly update: (team: TeamModels.TeamView) => void
  /** Reads the team again. */
  readonly reload: () => void
}

export const TeamContext = createContext<TeamContextShape | null>(null)

/** The team of the step being shown. */
export const useTeam = (): TeamContextShape => {
  const team = useContext(TeamContext)
  if (team === null) throw new Error("useTeam outside a team page")
  return team
}
