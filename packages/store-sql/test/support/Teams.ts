/**
 * Team settings for tests that need a team to exist: the domain's own settings of a freshly created team.
 */
import { type Ids, Setup } from "@fulcrum/domain"

/** The settings `Setup` gives a team created at a fixed time, in Lever's sandbox. */
export const createdTeam = (teamId: Ids.TeamId, name = "Test team"): Setup.TeamSettings =>
  Setup.initial({ _tag: "TeamCreated", teamId, name, environment: { _tag: "Sandbox" }, at: 1_767_225_600_000 })
