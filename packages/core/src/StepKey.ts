/**
 * The keys of the step journal: which step, of which cause, a journaled result belongs to. Every key is
 * `<kind>:<cause>`, where the cause is either an inbox event id (decisions, stage notes, next-step
 * notices, progress tags) or an invite key, `<team>:<opportunity>:<interview type>[:resend-n]` (invites,
 * their follow-up decisions, invite notes, cancellations, progress tags). Keys are stored as they are, so
 * this format is durable: a worker must find the keys an older worker journaled.
 *
 * @since 0.1.0
 */

/** What a journaled step did: a decision, or one kind of side effect. @since 0.1.0 */
export type Kind = "decision" | "invite" | "note" | "notify" | "cancel" | "tags"

/** A step journal key, `<kind>:<cause>`: the compiler checks that every key starts with a kind. @since 0.1.0 */
export type StepKey = `${Kind}:${string}`

/** The key of the step of `kind` for `cause` (an idempotency key, a note marker, a decision key). @since 0.1.0 */
export const make = (kind: Kind, cause: string): StepKey => `${kind}:${cause}`

/** The kind of a key, the part before its first `:` (a metric label and span name). @since 0.1.0 */
export const kind = (key: StepKey): Kind => key.slice(0, key.indexOf(":")) as Kind

/**
 * What a decision is journaled under: one run of an inbox event (`<eventId>:<run>`, a replay is a new
 * run), or the outcome of an invite (`invite-sent:<invite key>`, `invite-failed:<invite key>`).
 *
 * @since 0.1.0
 */
export type DecisionKey = `${string}:${number}` | `invite-${"sent" | "failed"}:${string}`

/** The decision of run `run` (its replay count) of an inbox event. @since 0.1.0 */
export const eventRun = (eventId: string, run: number): DecisionKey => `${eventId}:${run}`

/** The follow-up decision on an invite the provider sent or refused. @since 0.1.0 */
export const inviteOutcome = (outcome: "sent" | "failed", inviteKey: string): DecisionKey =>
  `invite-${outcome}:${inviteKey}`

/** The journal key of a decision. @since 0.1.0 */
export const decision = (key: DecisionKey): StepKey => make("decision", key)

/**
 * The key of a decision's `index`-th timeline entry: entries are saved with the candidate in one write,
 * so finding one (see {@link isEntryOf}) proves the decision was applied.
 *
 * @since 0.1.0
 */
export const timelineEntry = (key: DecisionKey, index: number): string => `${key}:${index}`

/** Whether a timeline entry key belongs to the decision `key`. @since 0.1.0 */
export const isEntryOf = (entryKey: string, key: DecisionKey): boolean => entryKey.startsWith(`${key}:`)

/**
 * The key prefixes of every step a candidate's events and invites may have left: decisions, invites and
 * their follow-ups, and the side effects whose keys are note-style markers (`fulcrum:<cause>:...`).
 * Forgetting them erases what the journal holds of the candidate.
 *
 * @since 0.1.0
 */
export const prefixesOfCandidate = (
  eventIds: ReadonlyArray<string>,
  teamId: string,
  opportunityId: string
): ReadonlyArray<StepKey> => {
  // Every invite key of the candidate starts with its team and opportunity.
  const causes = [...eventIds.map((eventId) => `${eventId}:`), `${teamId}:${opportunityId}:`]
  return causePrefixes.flatMap((prefix) => causes.map((cause) => `${prefix}${cause}` as StepKey))
}

const causePrefixes: ReadonlyArray<StepKey> = [
  make("decision", ""),
  decision(inviteOutcome("sent", "")),
  decision(inviteOutcome("failed", "")),
  make("invite", ""),
  make("note", "fulcrum:"),
  make("notify", "fulcrum:"),
  make("cancel", "fulcrum:"),
  make("tags", "fulcrum:")
]

/**
 * The key prefixes of the steps one run of an event looks up on the usual path: the event's decisions,
 * its candidate's invites and their follow-up decisions, and notes marked by the event or by one of the
 * candidate's invites. A run reads them all at once (`StepJournal.findAll`); a key under none of them
 * (a next-step notice, a cancellation, a tag change) is looked up on its own. Fewer prefixes than
 * {@link prefixesOfCandidate}: each one is a range the read has to plan and scan.
 *
 * @since 0.1.0
 */
export const prefixesOfRun = (eventId: string, teamId: string, opportunityId: string): ReadonlyArray<StepKey> => {
  const invites = `${teamId}:${opportunityId}:`
  return [
    make("decision", `${eventId}:`),
    decision(inviteOutcome("sent", invites)),
    decision(inviteOutcome("failed", invites)),
    make("invite", invites),
    make("note", `fulcrum:${eventId}:`),
    make("note", `fulcrum:${invites}`)
  ]
}
