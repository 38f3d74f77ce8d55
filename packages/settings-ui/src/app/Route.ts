/**
 * Where the page is: `#/teams`, `#/teams/<teamId>/<step>`, or a candidate's timeline
 * `#/teams/<teamId>/candidates/<opportunityId>`. The hash keeps the page working under any mount path
 * without server routes; no secret ever goes into it.
 */
import { useEffect, useState } from "react"

/** The setup steps in checklist order, then what happened. */
export const steps = [
  { id: "team", title: "Team" },
  { id: "connect", title: "Connect" },
  { id: "stages", title: "Configure stages" },
  { id: "archive-reasons", title: "Configure archive reasons" },
  { id: "webhooks", title: "Webhooks" },
  { id: "interview-types", title: "Interview types" },
  { id: "postings", title: "Job postings" },
  { id: "health", title: "Health" },
  { id: "candidates", title: "Candidates" }
] as const

/** One step's id. */
export type Step = typeof steps[number]["id"]

/** A place in the page. */
export type Route =
  | { readonly _tag: "Teams" }
  | { readonly _tag: "Team"; readonly teamId: string; readonly step: Step; readonly opportunityId: string | null }

const isStep = (text: string): text is Step => steps.some((step) => step.id === text)

/** Reads a hash. */
export const parse = (hash: string): Route => {
  const [first, teamId, step, opportunityId] = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent)
  if (first !== "teams" || teamId === undefined || teamId === "") return { _tag: "Teams" }
  return {
    _tag: "Team",
    teamId,
    step: step !== undefined && isStep(step) ? step : "team",
    opportunityId: step === "candidates" && opportunityId !== undefined && opportunityId !== "" ? opportunityId : null
  }
}

/** The hash of a place. */
export const href = (route: Route): string =>
  route._tag === "Teams"
    ? "#/teams"
    : `#/teams/${encodeURIComponent(route.teamId)}/${route.step}${
      route.opportunityId === null ? "" : `/${encodeURIComponent(route.opportunityId)}`
    }`

/** The current place, following the address bar. */
export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parse(location.hash))
  useEffect(() => {
    const follow = () => setRoute(parse(location.hash))
    addEventListener("hashchange", follow)
    return () => removeEventListener("hashchange", follow)
  }, [])
  return route
}

/** Goes to a place. */
export const go = (route: Route): void => {
  location.hash = href(route)
}
