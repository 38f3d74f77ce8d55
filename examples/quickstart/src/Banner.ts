/**
 * The startup banner: where everything is, the demo team and the admin API calls that set it up, its
 * checklist, and copy-paste `curl` lines that play a recruiter in the sandbox, look at what Fulcrum did,
 * and use the admin API (a team's checklist, invited candidates, dead events, a new team). No secret is
 * printed: the admin token is named by the file (or variable) that holds it, and the sandbox's keys
 * appear by name only.
 *
 * @since 0.1.0
 */
import type { TeamModels } from "@fulcrum/api"
import { TeamSetup } from "@fulcrum/core"
import { Checklist } from "@fulcrum/domain"
import { relative } from "node:path"
import * as DemoTeam from "./DemoTeam.ts"
import type { Quickstart } from "./Quickstart.ts"

/** A path as the user would type it from where they started the process. */
const display = (path: string) => {
  const rel = relative(process.cwd(), path)
  return rel === "" ? "." : rel.startsWith("..") ? path : `./${rel}`
}

const adminTokenLines = (q: Quickstart["Service"]): ReadonlyArray<string> => {
  const token = q.dataDir.adminToken
  switch (token.source) {
    case "environment":
      return ["Admin token        from FULCRUM_ADMIN_TOKEN (the operator's: every team, creating teams, team tokens)"]
    case "file":
      return [`Admin token        in ${display(token.file)} (the operator's: every team, creating teams, team tokens)`]
    case "generated":
      return [`Admin token        generated now and saved in ${display(token.file)} (owner-only; cat it to use it)`]
  }
}

const tokenShell = (q: Quickstart["Service"]) =>
  q.dataDir.adminToken.source === "environment"
    ? "\"$FULCRUM_ADMIN_TOKEN\""
    : `"$(cat ${display(q.dataDir.adminToken.file)})"`

const checklistLines = (team: TeamModels.TeamView): ReadonlyArray<string> => [
  `Checklist          ${team.checklist.ready ? "ready: every item is done" : "NOT ready: see the items marked ✗"}`,
  ...team.checklist.items.map((item) =>
    item.done
      ? `  ✓ ${item.title}`
      : `  ✗ ${item.title}: ${item.problem ?? ""}${item.fix === null ? "" : ` Fix: ${item.fix}`}`
  ),
  // Warnings never block readiness, but say what works only in part (e.g. confidential candidates).
  ...team.checklist.warnings.map((warning) => `  ! ${warning.title}: ${warning.problem} ${warning.fix}`)
]

const verificationText = (q: Quickstart["Service"]) =>
  q.demoTeam.verifications.map((v) => {
    const answer = v.status === null ? `unreachable (${v.error ?? "no answer"})` : `HTTP ${v.status}`
    return `${Checklist.webhookTitle[v.webhook]} ${answer}`
  }).join(", ")

/**
 * The banner text.
 *
 * @since 0.1.0
 */
export const render = (q: Quickstart["Service"], options: { readonly demo: boolean }): string => {
  const { team } = q.demoTeam
  const mapping = team.settings.stageMapping
  const urls = TeamSetup.webhookUrls(DemoTeam.teamId, q.publicBaseUrl)
  const assessmentStageId = mapping?.assessment.stageId ?? "<assessment stage id>"
  const data = q.database === "pglite"
    ? `${display(q.dataDir.path)} (embedded PGlite in ${display(q.dataDir.pgdata)})`
    : `PostgreSQL from DATABASE_URL; secret key and admin token in ${display(q.dataDir.path)}`
  const demoPath = DemoTeam.apiPath()
  const auth = "-H \"authorization: Bearer $TOKEN\""
  const lines = [
    "",
    "Fulcrum quickstart is running.",
    "",
    `Fulcrum            ${q.url}   (health ${q.url}/healthz, ready ${q.url}/readyz)`,
    `Settings page      ${q.url}/   (sign in with the admin token below)`,
    `API reference      ${q.url}/docs   (OpenAPI ${q.url}/openapi.json)`,
    `Lever sandbox      ${q.sandbox.url}   (API ${q.sandbox.baseUrl}, control ${q.sandbox.url}/_sandbox)`,
    q.provider.external
      ? `Provider           ${q.provider.url}   (external: FULCRUM_PROVIDER_URL; protocol ${q.url}/provider-openapi.json)`
      : `Provider sandbox   ${q.provider.url}   (invites ${q.provider.url}/_sandbox/invites; protocol ${q.url}/provider-openapi.json)`,
    `Data               ${data}`,
    `                   reset: stop this process, delete ${display(q.dataDir.path)}, start again`,
    ...adminTokenLines(q),
    "",
    `Demo team "${DemoTeam.teamId}" — ${
      q.demoTeam.created
        ? "set up now through the admin API, as an admin would:"
        : "kept from the data dir; this start, through the admin API:"
    }`,
    ...q.demoTeam.steps.flatMap((step) => [`  • ${step.title}`, `      ${step.via}`]),
    `Interview type     ${DemoTeam.interviewType.name}: Lever tag ${DemoTeam.interviewType.tag}`,
    `Stages             ${
      mapping === null
        ? "not mapped"
        : `assessment → ${mapping.assessment.name}, onsite → ${mapping.onsite.name}, offer → ${mapping.offer.name}`
    }`,
    `Webhooks           ${urls.stageChange}`,
    `                   ${urls.archiveChange}`,
    `                   Verify connection: ${verificationText(q)}`,
    `Sandbox keys       "${DemoTeam.sandboxKeyNames.setup}" (setup, used once), ` +
    `"${DemoTeam.sandboxKeyNames.permanent}" (stored encrypted)`,
    ...checklistLines(team),
    "",
    "The whole loop, in three steps:",
    `  1. tag a candidate "${DemoTeam.interviewType.tag}" in the Lever sandbox and move them to "${
      mapping?.assessment.name ?? "the assessment stage"
    }" (curl steps 1-2 below): the invite is created at the provider`,
    "  2. open the invite link from the \"Assessment invite sent\" note (step 3), click Start, then Submit",
    "  3. the graded note with the report link, and the progress tags, appear on the candidate in Lever (step 3 again)",
    "",
    "Try it — play the recruiter in the sandbox, then look at what Fulcrum did:",
    "",
    `  SANDBOX=${q.sandbox.url} FULCRUM=${q.url} TOKEN=${tokenShell(q)}`,
    "  # 1. a test candidate carrying the interview-type tag (the tag must be there before the move)",
    "  ID=$(curl -s -X POST $SANDBOX/_sandbox/opportunities -H 'content-type: application/json' \\",
    `    -d '{"name":"Ada Lovelace","emails":["ada@example.com"],"tags":["${DemoTeam.interviewType.tag}"]}' \\`,
    "    | grep -o '\"id\":\"[^\"]*\"' | head -1 | cut -d'\"' -f4)",
    `  # 2. move them to "${mapping?.assessment.name ?? "the assessment stage"}": Lever's signed webhook → Fulcrum → invite`,
    "  curl -s -X PUT $SANDBOX/_sandbox/opportunities/$ID/stage -H 'content-type: application/json' \\",
    `    -d '{"stage":"${assessmentStageId}"}'`,
    "  # 3. the \"Assessment invite sent\" note Fulcrum wrote on the candidate in Lever (with the invite link)",
    "  curl -s $SANDBOX/_sandbox/opportunities/$ID/notes",
    "  # 4. the candidate in Fulcrum: state, timeline and the events behind it",
    `  curl -s ${auth} $FULCRUM${demoPath}/candidates/$ID`,
    "  # 5. the candidate submits (what the invite page's Submit does): graded note with the report link in Lever",
    `  IV=$(curl -s ${auth} $FULCRUM${demoPath}/candidates/$ID \\`,
    "    | grep -o '\"interviewId\":\"[^\"]*\"' | head -1 | cut -d'\"' -f4)",
    ...(q.provider.external
      ? ["  # (with an external provider, the candidate takes the assessment there)"]
      : [`  curl -s -X POST ${q.provider.url}/_sandbox/invites/$IV/submit -H 'content-type: application/json' -d '{"score":91}'`]),
    ...(options.demo ? [] : ["  Or start with `./dev.sh start --demo` to watch the whole flow run by itself."]),
    "",
    `The admin API — every setup step and every view over HTTP; open ${q.url}/docs for all of it:`,
    "",
    "  # what is done and what is missing in the demo team's setup",
    `  curl -s ${auth} $FULCRUM${demoPath}/checklist`,
    "  # candidates with an invite out, and events that failed for good (POST .../events/<eventId>/replay reruns one)",
    `  curl -s ${auth} "$FULCRUM${demoPath}/candidates?inviteState=sent"`,
    `  curl -s ${auth} "$FULCRUM${demoPath}/events?status=dead"`,
    "  # a team of your own on the same sandbox (its id is generated), then its checklist to follow",
    `  NEW=$(curl -s -X POST $FULCRUM/api/teams ${auth} -H 'content-type: application/json' \\`,
    `    -d '{"name":"Acme","lever":{"environment":"custom","baseUrl":"${q.sandbox.baseUrl}"}}' \\`,
    "    | grep -o '\"teamId\":\"[^\"]*\"' | head -1 | cut -d'\"' -f4)",
    `  curl -s ${auth} $FULCRUM/api/teams/$NEW/checklist`,
    "",
    "This is the HTTP host `fulcrum-http` serves (@fulcrum/http-host), with the worker in the same process.",
    "Stop with Ctrl-C.",
    ""
  ]
  return lines.join("\n")
}
