/**
 * The candidate's side of the sandbox: the page at an invite's `inviteUrl` (start → submit with a
 * score → graded at once) and the report page a graded webhook links to. Plain HTML forms, no script,
 * so a person clicks through the whole loop in any browser and a test drives it with two POSTs.
 *
 * @since 0.1.0
 */
import type { Invite } from "./Store.ts"

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}` +
  `button{font-size:1rem;padding:.5rem 1rem}input{font-size:1rem;width:5rem}.muted{color:#666}</style></head>` +
  `<body>${body}</body></html>`

/** The score a submission gets when the candidate does not choose one. @since 0.1.0 */
export const defaultScore = 84

/**
 * The invite page: what the candidate sees at `inviteUrl`, with the next action as a form.
 *
 * @since 0.1.0
 */
export const invitePage = (invite: Invite): string => {
  const { candidate, interviewType } = invite.request
  const action = (path: string, label: string, extra = "") =>
    `<form method="post" action="/interview/${encodeURIComponent(invite.interviewId)}/${path}">${extra}` +
    `<button type="submit">${label}</button></form>`
  const expires = invite.expiresAt === null ? "" : `<p class="muted">Expires ${new Date(invite.expiresAt).toISOString()}</p>`
  const next = (() => {
    switch (invite.state) {
      case "sent":
        return action("start", "Start the assessment")
      case "started":
        return action(
          "submit",
          "Submit",
          `<p><label>Score to report (0–100): <input name="score" type="number" min="0" max="100" value="${defaultScore}"></label></p>`
        )
      case "submitted":
      case "graded":
        return `<p>Submitted. Score <strong>${invite.score ?? "–"}</strong> (${invite.outcome ?? "none"}). ` +
          (invite.reportUrl === null ? "" : `<a href="${escape(invite.reportUrl)}">Report</a>`) + `</p>`
      case "expired":
        return `<p>This invite expired.</p>`
      case "cancelled":
        return `<p>This invite was withdrawn.</p>`
    }
  })()
  return page(
    interviewType.name,
    `<h1>${escape(interviewType.name)}</h1><p>Hello ${escape(candidate.name || candidate.email)}, ` +
      `this is your assessment (attempt ${invite.request.attempt}).</p><p>State: <strong>${invite.state}</strong></p>` +
      `${expires}${next}`
  )
}

/** The report page of a graded interview. @since 0.1.0 */
export const reportPage = (invite: Invite): string =>
  page(
    `Report ${invite.interviewId}`,
    `<h1>Assessment report</h1><p>${escape(invite.request.candidate.name || invite.request.candidate.email)} — ` +
      `${escape(invite.request.interviewType.name)}</p><p>Score: <strong>${invite.score ?? "–"}</strong> ` +
      `(${invite.outcome ?? "none"})</p>`
  )

/** A page for an unknown interview. @since 0.1.0 */
export const notFoundPage = (): string => page("Not found", "<h1>No such interview</h1>")
