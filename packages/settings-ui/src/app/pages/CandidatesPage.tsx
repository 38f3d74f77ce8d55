/**
 * What happened: the candidates (filtered by invite state, next step and offer status; paged), one
 * candidate's invites with every attempt (state, expiry; "Resend invite" where the API allows it) and
 * timeline in names (stages, reasons, interview types), and the events that failed for good with a
 * Replay button.
 */
import type { ActivityModels } from "@fulcrum/api"
import { Candidate, OfferStatus } from "@fulcrum/domain"
import type { Schema } from "effect"
import { useState } from "react"
import * as Route from "../Route.ts"
import { useTeam } from "../TeamContext.ts"
import { Button, Failure, Field, Loaded, ScrollArea, When } from "../parts/Controls.tsx"
import { useAction, useLoad } from "../parts/useRequest.ts"

type CandidateState = ActivityModels.CandidateView
type EventView = ActivityModels.EventView
type CandidateDetail = Schema.Schema.Type<typeof ActivityModels.CandidateDetail>

const inviteStateLabel: Record<Candidate.InviteState, string> = {
  not_invited: "Not invited",
  pending: "Invite pending",
  sent: "Invite sent",
  started: "Started",
  submitted: "Submitted",
  graded: "Graded",
  expired: "Expired",
  failed: "Failed",
  cancelled: "Cancelled"
}

const nextStepLabel: Record<Candidate.NextStep, string> = { none: "None yet", onsite: "Onsite", offer: "Offer" }

/** Names for the ids a candidate carries, from the team's settings. */
const useNames = () => {
  const { team } = useTeam()
  return {
    stage: (stageId: string | null) =>
      stageId === null
        ? "—"
        : team.settings.leverStages?.stages.find((stage) => stage.id === stageId)?.text ?? "a stage no longer in Lever",
    interviewType: (candidate: CandidateState) => {
      const id = candidate.currentInterviewTypeId
      if (id === null) return "—"
      return team.settings.interviewTypes.find((type) => type.id === id)?.name ?? candidate.invites[id]?.interviewType.name ?? "—"
    }
  }
}

const Replay = (props: { readonly event: EventView; readonly onReplayed: () => void }) => {
  const { api, teamId } = useTeam()
  const action = useAction()
  const [done, setDone] = useState(false)
  const replay = async () => {
    const answer = await action.run(() =>
      api.call((client) => client.activity.replay({ params: { teamId, eventId: props.event.eventId } }))
    )
    if (answer !== undefined) {
      setDone(true)
      props.onReplayed()
    }
  }
  return (
    <>
      <Button busy={action.busy} busyLabel="Queuing…" onClick={() => void replay()} disabled={done}>
        {done ? "Queued again" : "Replay"}
        <span className="visually-hidden"> {eventKindLabel[props.event.kind] ?? props.event.kind} of {new Date(props.event.receivedAt).toLocaleString()}</span>
      </Button>
      <Failure failure={action.failure} />
    </>
  )
}

/** What each kind of event is, in a recruiter's words (unknown kinds show as they are). */
const eventKindLabel: Record<string, string> = {
  candidateStageChange: "Stage change in Lever",
  candidateArchiveChange: "Archive change in Lever",
  candidateHired: "Hired in Lever",
  candidateDeleted: "Candidate deleted in Lever",
  resultReported: "Result from the assessment",
  graded: "Result from the assessment",
  interviewStatusReported: "Progress from the assessment",
  inviteExpirySweep: "Invite expired",
  resendRequested: "Resend requested"
}

const EventRow = (props: { readonly event: EventView; readonly onReplayed: () => void }) => {
  const { event } = props
  return (
    <tr data-event-status={event.status}>
      <td><When at={event.receivedAt} /></td>
      <td>{eventKindLabel[event.kind] ?? event.kind}</td>
      <td><span className={`badge badge-${event.status === "dead" ? "missing" : event.status === "done" ? "done" : "plain"}`}>{event.status}</span></td>
      <td>{event.lastError ?? event.note ?? ""}</td>
      <td>{event.status === "dead" ? <Replay event={event} onReplayed={props.onReplayed} /> : null}</td>
    </tr>
  )
}

const EventTable = (props: { readonly events: ReadonlyArray<EventView>; readonly caption: string; readonly onReplayed: () => void }) => (
  <ScrollArea label={props.caption}>
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">What</th>
          <th scope="col">Status</th>
          <th scope="col">Why</th>
          <th scope="col"><span className="visually-hidden">Action</span></th>
        </tr>
      </thead>
      <tbody>{props.events.map((event) => <EventRow key={event.eventId} event={event} onReplayed={props.onReplayed} />)}</tbody>
    </table>
  </ScrollArea>
)

type InviteView = CandidateState["invites"][string]

/** Resending makes sense for an invite never started, one that expired, or one that failed. */
const canResend = (invite: InviteView) =>
  invite.state === "expired" || invite.state === "failed" || (invite.state === "sent" && invite.startedAt === null)

const ResendInvite = (props: { readonly opportunityId: string; readonly invite: InviteView; readonly onQueued: () => void }) => {
  const { api, teamId } = useTeam()
  const action = useAction()
  const [queued, setQueued] = useState(false)
  const resend = async () => {
    const answer = await action.run(() =>
      api.call((client) =>
        client.resend.resend({
          params: { teamId, opportunityId: props.opportunityId },
          payload: { interviewTypeId: props.invite.interviewType.id }
        })
      )
    )
    if (answer !== undefined) {
      setQueued(true)
      props.onQueued()
    }
  }
  return (
    <>
      <Button busy={action.busy} busyLabel="Queuing…" onClick={() => void resend()} disabled={queued}>
        {queued ? "Resend queued" : "Resend invite"}
        <span className="visually-hidden"> of {props.invite.interviewType.name}</span>
      </Button>
      <Failure failure={action.failure} />
    </>
  )
}

/** Each invite with its attempts (the current one first), its state and when it expires. */
const InvitesPanel = (props: { readonly opportunityId: string; readonly candidate: CandidateState; readonly onQueued: () => void }) => {
  const invites = Object.values(props.candidate.invites)
  if (invites.length === 0) return null
  return (
    <section className="panel" aria-labelledby="invites-title">
      <h2 id="invites-title">Invites</h2>
      <ul className="plain">
        {invites.map((invite) => (
          <li key={invite.key}>
            <p>
              <strong>{invite.interviewType.name}</strong>, attempt {invite.attempt}:{" "}
              <span data-testid="attempt-state">{inviteStateLabel[invite.state]}</span>
              {invite.sentAt === null ? null : <>, sent <When at={invite.sentAt} /></>}
              {invite.expiresAt === null ? null : <>, expires <When at={invite.expiresAt} /></>}
              {invite.failure === null ? null : <> ({invite.failure})</>}
            </p>
            {(invite.previousAttempts ?? []).length === 0 ? null : (
              <ol className="plain" aria-label={`Earlier attempts of ${invite.interviewType.name}`}>
                {[...(invite.previousAttempts ?? [])].reverse().map((attempt) => (
                  <li key={attempt.key}>
                    Attempt {attempt.attempt}: {inviteStateLabel[attempt.state]}
                    {attempt.expiresAt === null ? null : <>, expires <When at={attempt.expiresAt} /></>}
                    {attempt.failure === null ? null : <> ({attempt.failure})</>}
                  </li>
                ))}
              </ol>
            )}
            {canResend(invite) ? <ResendInvite opportunityId={props.opportunityId} invite={invite} onQueued={props.onQueued} /> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

const CandidateView = (props: { readonly opportunityId: string }) => {
  const { api, teamId } = useTeam()
  const names = useNames()
  const detail = useLoad(
    () => api.call((client) => client.activity.candidate({ params: { teamId, opportunityId: props.opportunityId } })),
    `${teamId}/${props.opportunityId}`
  )
  return (
    <>
      <p><a href={Route.href({ _tag: "Team", teamId, step: "candidates", opportunityId: null })}>← All candidates</a></p>
      <Loaded state={detail.state} what="the candidate" onRetry={detail.reload}>
        {(value: CandidateDetail) => {
          const candidate = value.candidate
          return (
            <>
              <h1>{candidate?.name ?? props.opportunityId}</h1>
              <section className="panel" aria-labelledby="candidate-state-title">
                <h2 id="candidate-state-title">Where they stand</h2>
                {candidate === null
                  ? <p>Fulcrum has only skipped events for this candidate (see the timeline).</p>
                  : (
                    <dl className="facts">
                      <dt>Invite</dt>
                      <dd data-testid="invite-state">{inviteStateLabel[candidate.inviteState]}</dd>
                      <dt>Interview type</dt>
                      <dd>{names.interviewType(candidate)}</dd>
                      <dt>Lever stage</dt>
                      <dd>{names.stage(candidate.stageId)}</dd>
                      <dt>Next step</dt>
                      <dd>{nextStepLabel[candidate.nextStep]}</dd>
                      <dt>Offer status</dt>
                      <dd>{candidate.offerStatus ?? "—"}</dd>
                      <dt>Email</dt>
                      <dd>{candidate.email ?? "—"}</dd>
                    </dl>
                  )}
              </section>
              {candidate === null ? null : (
                <InvitesPanel opportunityId={props.opportunityId} candidate={candidate} onQueued={detail.reload} />
              )}
              <section className="panel" aria-labelledby="timeline-title">
                <h2 id="timeline-title">Timeline</h2>
                {value.timeline.length === 0 ? <p>Nothing yet.</p> : (
                  <ol className="timeline">
                    {value.timeline.map((entry, index) => (
                      <li key={`${entry.at}-${index}`}>
                        <When at={entry.at} />
                        <p>{entry.message}</p>
                      </li>
                    ))}
                  </ol>
                )}
              </section>
              {value.events.length === 0 ? null : (
                <section className="panel">
                  <EventTable events={value.events} caption="Events behind it" onReplayed={detail.reload} />
                </section>
              )}
            </>
          )
        }}
      </Loaded>
    </>
  )
}

const filters = {
  inviteState: Candidate.InviteState.literals,
  nextStep: Candidate.NextStep.literals,
  offerStatus: OfferStatus.values
}

const CandidateList = () => {
  const { api, teamId } = useTeam()
  const names = useNames()
  const [inviteState, setInviteState] = useState<Candidate.InviteState | "">("")
  const [nextStep, setNextStep] = useState<Candidate.NextStep | "">("")
  const [offerStatus, setOfferStatus] = useState<OfferStatus.OfferStatus | "">("")
  const [more, setMore] = useState<ReadonlyArray<CandidateState>>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const page = useLoad(async () => {
    const answer = await api.call((client) =>
      client.activity.candidates({
        params: { teamId },
        query: { limit: 25, ...(inviteState === "" ? {} : { inviteState }) }
      })
    )
    setMore([])
    setCursor(answer.next)
    return answer
  }, `${teamId}/${inviteState}`)
  const loadMore = useAction()
  const next = async () => {
    if (cursor === null) return
    const answer = await loadMore.run(() =>
      api.call((client) =>
        client.activity.candidates({
          params: { teamId },
          query: { limit: 25, cursor, ...(inviteState === "" ? {} : { inviteState }) }
        })
      )
    )
    if (answer !== undefined) {
      setMore([...more, ...answer.candidates])
      setCursor(answer.next)
    }
  }
  const dead = useLoad(
    () => api.call((client) => client.activity.events({ params: { teamId }, query: { status: "dead", limit: 50 } })),
    `${teamId}/dead`
  )
  return (
    <>
      <h1>Candidates</h1>
      <section className="panel" aria-labelledby="list-title">
        <h2 id="list-title">Candidates, newest activity first</h2>
        <div className="filters">
          <Field label="Invite">
            {(attributes) => (
              <select {...attributes} value={inviteState} onChange={(event) => setInviteState(event.target.value as Candidate.InviteState | "")}>
                <option value="">Any</option>
                {filters.inviteState.map((state) => <option key={state} value={state}>{inviteStateLabel[state]}</option>)}
              </select>
            )}
          </Field>
          <Field label="Next step">
            {(attributes) => (
              <select {...attributes} value={nextStep} onChange={(event) => setNextStep(event.target.value as Candidate.NextStep | "")}>
                <option value="">Any</option>
                {filters.nextStep.map((step) => <option key={step} value={step}>{nextStepLabel[step]}</option>)}
              </select>
            )}
          </Field>
          <Field label="Offer status">
            {(attributes) => (
              <select {...attributes} value={offerStatus} onChange={(event) => setOfferStatus(event.target.value as OfferStatus.OfferStatus | "")}>
                <option value="">Any</option>
                {filters.offerStatus.map((status) => <option key={status} value={status}>{status}</option>)}
              </select>
            )}
          </Field>
        </div>
        <Loaded state={page.state} what="candidates" onRetry={page.reload}>
          {(value) => {
            const shown = [...value.candidates, ...more].filter((candidate) =>
              (nextStep === "" || candidate.nextStep === nextStep) &&
              (offerStatus === "" || candidate.offerStatus === offerStatus)
            )
            return shown.length === 0 ? <p>No candidate matches.</p> : (
              <ScrollArea label="Candidates">
                <table className="candidates">
                  <caption className="visually-hidden">Candidates</caption>
                  <thead>
                    <tr>
                      <th scope="col">Candidate</th>
                      <th scope="col">Invite</th>
                      <th scope="col">Interview type</th>
                      <th scope="col">Next step</th>
                      <th scope="col">Offer status</th>
                      <th scope="col">Last activity</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((candidate) => (
                      <tr key={candidate.opportunityId} data-opportunity={candidate.opportunityId}>
                        <th scope="row">
                          <a href={Route.href({ _tag: "Team", teamId, step: "candidates", opportunityId: candidate.opportunityId })}>
                            {candidate.name ?? candidate.opportunityId}
                          </a>
                        </th>
                        <td>{inviteStateLabel[candidate.inviteState]}</td>
                        <td>{names.interviewType(candidate)}</td>
                        <td>{nextStepLabel[candidate.nextStep]}</td>
                        <td>{candidate.offerStatus ?? "—"}</td>
                        <td><When at={candidate.updatedAt} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollArea>
            )
          }}
        </Loaded>
        <Failure failure={loadMore.failure} />
        {cursor === null ? null : <Button busy={loadMore.busy} busyLabel="Loading…" onClick={() => void next()}>Show more</Button>}
      </section>
      <section className="panel" aria-labelledby="dead-title">
        <h2 id="dead-title">Events that failed for good</h2>
        <p className="hint">Fulcrum retried these until its budget ran out. Fix the cause (the reason says what), then replay.</p>
        <Loaded state={dead.state} what="failed events" onRetry={dead.reload}>
          {(value) => value.events.length === 0
            ? <p>None.</p>
            : <EventTable events={value.events} caption="Failed events" onReplayed={dead.reload} />}
        </Loaded>
      </section>
    </>
  )
}

export const CandidatesPage = (props: { readonly opportunityId: string | null }) =>
  props.opportunityId === null ? <CandidateList /> : <CandidateView opportunityId={props.opportunityId} />
