/**
 * A team set up over `fulcrum-http`'s admin API exactly as an operator would: created on a custom Lever
 * environment (the sandbox), the sandbox's permanent key submitted (the host checks it against the
 * sandbox), the stage mapping read with the setup key and saved, one interview type, the stage-change
 * signing token submitted, and the integration turned on. Plain `fetch` with the operator token.
 */
import { LeverSandbox } from "@fulcrum/lever-sandbox"

/** What the benches need of the team. */
export interface BenchTeam {
  readonly teamId: string
  /** The stage-change signing token the host now holds; the benches sign with it. */
  readonly signingToken: string
  /** The tag that makes a candidate one of the team's (its interview type's tag). */
  readonly tag: string
}

const call = async (base: string, token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
  return text === "" ? undefined : JSON.parse(text)
}

/** Sets up a team on the host at `base` against the sandbox at `leverBaseUrl`. */
export const setUp = async (base: string, adminToken: string, leverBaseUrl: string): Promise<BenchTeam> => {
  const created = await call(base, adminToken, "POST", "/api/teams", {
    name: "Bench team",
    lever: { environment: "custom", baseUrl: leverBaseUrl }
  })
  const teamId: string = created.settings.teamId
  const team = `/api/teams/${encodeURIComponent(teamId)}`
  await call(base, adminToken, "PUT", `${team}/permanent-key`, { key: LeverSandbox.PermanentApiKey })
  await call(base, adminToken, "POST", `${team}/lever/stages`, { setupKey: LeverSandbox.SetupApiKey })
  await call(base, adminToken, "PUT", `${team}/stage-mapping`, {
    assessment: LeverSandbox.StageIds.technicalAssessment,
    onsite: LeverSandbox.StageIds.onsiteInterview,
    offer: LeverSandbox.StageIds.offer
  })
  const tag = "fulcrum-bench"
  await call(base, adminToken, "POST", `${team}/interview-types`, { name: "Bench SWE", tag })
  const signingToken = `bench-signing-token-${Math.random().toString(36).slice(2)}`
  await call(base, adminToken, "PUT", `${team}/signing-tokens/stage-change`, { token: signingToken })
  await call(base, adminToken, "PUT", `${team}/integration`, { enabled: true })
  return { teamId, signingToken, tag }
}
