/**
 * `EventInbox` on SQL: one table, `inbox_events`, is both the record of every accepted event and the
 * work queue over it, so "stored" and "scheduled" are one `INSERT`.
 *
 * - `accept` inserts with `ON CONFLICT (team_id, dedupe_key) DO NOTHING RETURNING`; on a conflict it reads
 *   the existing event's id, so a repeated dedupe key is a `Duplicate` naming the first event.
 *   `acceptForInterview` is the same statement with the opportunity a subquery on `candidates` (the table
 *   `CandidateStoreSql` writes, through its `candidates_by_interview` index).
 *   Under load, `accept`s that would otherwise wait for a connection go together as one statement (group
 *   commit, `Options.acceptLanes`), each answered as alone; a batch that fails as a whole is retried one
 *   event at a time, so one bad event fails only its own ack.
 * - `claim` is one statement. It finds the teams with active events (a loose index scan), looks at each
 *   team's oldest active events (past them only when they cannot fill the claim), keeps the first event of
 *   each opportunity when it is due and no event of that opportunity runs under a live lease, ranks the
 *   candidates one per team per round (teams served longest ago first: `inbox_team_turns` remembers turns
 *   across claims), locks them in that order with `FOR UPDATE SKIP LOCKED`, so concurrent claimers never
 *   take the same event, and leases them: `running`, `lease_owner`, `lease_until`, and `attempts + 1` (or
 *   `interruptions + 1` for an event whose lease ran out). The steps and their measurements are in
 *   docs/adapters/store-sql.md.
 * - `complete`, `retry`, `kill` and `extendLease` apply only `WHERE status = 'running' AND lease_owner =
 *   worker`; otherwise the worker lost its lease (`LeaseLost`). `complete` writes its journal rows (into
 *   `step_journal`, which `StepJournalSql` reads) in the same statement, only if it completed the event.
 *
 * The semantics are those of the in-memory reference (`EventInboxMemory`), checked by the contract kit. One
 * case only SQL has: a claimed row whose stored values no longer decode (its payload written by another
 * version, or edited by hand) is marked `dead` with the failing fields in `last_error` and left out of the
 * claim, so it cannot stall the events claimed with it; the in-memory inbox keeps decoded values and
 * cannot hold such a row. Such a row stays visible: `get` and `list` decode row by row and return it with its
 * payload shown as `Ignored` (its kind plus "(stored payload could not be decoded)") and `lastError` naming
 * the failing fields, so one bad row never hides a team's other events; `replay` refuses it with a
 * `StoreError` naming the fields rather than re-queue an event no worker can process.
 *
 * @since 0.1.0
 */
import type { CandidateStore } from "@fulcrum/core"
import { EventInbox, StoreError, TraceContext } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Exit, Layer, Option, Schema, SchemaIssue } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import type { SqlError, Statement } from "effect/sql"
import * as CandidateByInterview from "./internal/CandidateByInterview.ts"
import * as Coalescer from "./internal/Coalescer.ts"
import { cursor, Int8, jsonText } from "./internal/Columns.ts"
import * as InboxRetention from "./internal/InboxRetention.ts"
import * as JournalInsert from "./internal/JournalInsert.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"

/**
 * How many events a page of `list` holds when the query names no limit (as the in-memory inbox).
 *
 * @since 0.1.0
 */
export const defaultLimit = 50

const EventRow = Schema.Struct({
  ...EventInbox.InboxEvent.fields,
  receivedAt: Int8,
  nextAttemptAt: Int8,
  updatedAt: Int8
})
const ListedRow = Schema.Struct({ ...EventRow.fields, seq: Int8 })
const AcceptedRow = Schema.Struct({ event_id: Ids.EventId, accepted: Schema.Boolean })
const decodeBatchRows = Schema.decodeUnknownEffect(
  Schema.Array(Schema.Struct({ i: Schema.Number, event_id: Schema.NullOr(Ids.EventId), accepted: Schema.Boolean }))
)
// Built once: `SqlSchema.findAll` made per call builds (and compiles) a new array schema on every ack.
const decodeAcceptedRows = Schema.decodeUnknownEffect(Schema.Array(AcceptedRow))
const EventIdRow = Schema.Struct({ event_id: Schema.String })
// Built once, as the accepted rows' (every settled event reads them).
const decodeEventIdRows = Schema.decodeUnknownEffect(Schema.Array(EventIdRow))
const decodeCompletedRows = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ i: Schema.Number })))
const SeenRow = Schema.Struct({ seen: Schema.Boolean })
const CountRow = Schema.Struct({ status: EventInbox.EventStatus, n: Schema.Number })

/**
 * How many of each team's oldest active events a claim looks at first (at least four times the claim's
 * limit). Past them it looks only for teams whose first events could not fill the claim.
 */
const prefixSize = 64

/** The most events one `accept` statement stores (`Options.acceptLanes`). */
const acceptBatch = 32

/**
 * How many completions may run at once, and the most one statement completes: a completion that finds
 * the lane busy waits for it (one statement at most) and goes with the others that waited.
 */
const completeLanes = 1
const completeBatch = 32

/** One run's end, as `EventInbox.complete` takes it. */
interface Completion {
  readonly eventId: string
  readonly workerId: string
  readonly outcome: {
    readonly status: "done" | "skipped"
    readonly note: string | null
    readonly now: number
    readonly journal?: CandidateStore.JournalRows | undefined
  }
}

/** Where a page ended: the arrival number of its last event (as the in-memory inbox). */
const pageCursor = cursor(Schema.Tuple([Schema.Number]))

const decodeEventRow = Schema.decodeUnknownEffect(EventRow, { errors: "all" })
const decodeEventId = Schema.decodeUnknownEffect(Schema.Struct({ eventId: Schema.String }))
const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * Why a claimed row was killed: the fields that did not decode, by path (`payload.toStageId`), never
 * their values (a payload holds candidate data).
 */
const undecodable = (error: Schema.SchemaError): string => {
  const paths = formatter(error.issue).issues.map(({ path }) =>
    (path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".") || "row"
  )
  return `stored payload could not be decoded: ${[...new Set(paths)].join(", ")}`
}

const toEvent = (row: typeof ListedRow.Type): EventInbox.InboxEvent => {
  const { seq: _seq, ...event } = row
  return event
}

/** A listed row with its payload left as stored: what is still shown of a row whose payload does not decode. */
const RowWithStoredPayload = Schema.Struct({ ...ListedRow.fields, payload: Schema.Unknown })
const decodeListedRow = Schema.decodeUnknownEffect(ListedRow, { errors: "all" })
const decodeRowWithStoredPayload = Schema.decodeUnknownEffect(RowWithStoredPayload, { errors: "all" })

/** What `payload` shows for a stored payload that does not decode: the `Ignored` case, named by the kind. */
const undecodablePayloadNote = "(stored payload could not be decoded)"

/**
 * Decodes one read row (`get`, `list`, `replay`). A row whose payload no longer decodes is still returned,
 * as data the admin must see: status, times and raw body as stored, the payload as `Ignored` with `event`
 * set to the stored kind plus {@link undecodablePayloadNote}, and `lastError` naming the failing fields
 * (followed by the stored error, when it says something else). `undecodable` carries that reason, so
 * `replay` can refuse the row. Only a row whose other columns do not decode either fails (`SchemaError`):
 * the table's constraints keep those well-formed.
 */
const decodeReadRow = (row: unknown) =>
  Effect.matchEffect(decodeListedRow(row), {
    onSuccess: (decoded) => Effect.succeed({ row: decoded, undecodable: Option.none<string>() }),
    onFailure: (error) =>
      Effect.map(decodeRowWithStoredPayload(row), (stored) => {
        const reason = undecodable(error)
        const lastError = stored.lastError === null || stored.lastError === reason
          ? reason
          : `${reason}; last error stored: ${stored.lastError}`
        const decoded: typeof ListedRow.Type = {
          ...stored,
          payload: { _tag: "Ignored", event: `${stored.kind} ${undecodablePayloadNote}` },
          lastError
        }
        return { row: decoded, undecodable: Option.some(reason) }
      })
  })

/**
 * Options of the inbox.
 *
 * @since 0.1.0
 */
export interface Options {
  /**
   * Whose clock leases are measured on (default `"database"`: PostgreSQL's `now()`, so skewed worker
   * clocks cannot steal or lose leases). `"caller"` takes the `now` of each call instead: only for the
   * contract kit, which simulates time.
   */
  readonly leaseClock?: EventInbox.LeaseClock | undefined
  /**
   * How many `accept` statements may run at once (default 2). An `accept` that finds one free runs at
   * once, alone; those that arrive while all are busy wait for the next to free and then go together, up
   * to 32 in one statement (group commit), each answered once that statement has committed. Under load
   * this stores acks for a fraction of a statement each; a quiet host never waits. More lanes mean less
   * batching and more connections held by acks; 1 batches most. Less than 1 (or NaN) is a defect.
   */
  readonly acceptLanes?: number | undefined
}

/**
 * Builds the inbox over the `SqlClient` in context, with leases on the clock `options` names.
 *
 * @since 0.1.0
 */
export const makeWith = (
  options: Options = {}
): Effect.Effect<EventInbox.EventInbox["Service"], never, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const lanes = options.acceptLanes ?? 2
    // A programming error, not a runtime condition: NaN or 0 lanes would hold every ack forever.
    if (!(lanes >= 1)) return yield* Effect.die(new Error(`EventInboxSql: acceptLanes must be 1 or more, got ${lanes}`))
    const sql = yield* SqlClient.SqlClient
    // The time leases are set and checked against: the database's own, in ms like every stored time;
    // `now()` is the statement's transaction start, one value for the whole claim.
    const leaseNow = (callerNow: number) =>
      options.leaseClock === "caller" ? sql`${callerNow}::bigint` : sql`(extract(epoch from now()) * 1000)::bigint`
    const encodePayload = jsonText(EventInbox.NewInboxEvent.fields.payload)

    const columns = sql`
      event_id AS "eventId", team_id AS "teamId", dedupe_key AS "dedupeKey", source, kind,
      opportunity_id AS "opportunityId", payload, raw_body AS "rawBody", received_at AS "receivedAt", status, note,
      trace_parent AS "traceParent", attempts, interruptions, replays, next_attempt_at AS "nextAttemptAt", last_error AS "lastError", updated_at AS "updatedAt"`

    // A status filter of `list` as statement text, not a parameter: every plan, a cached generic one
    // included, can then use the partial index for that status (`inbox_events_active` for pending and
    // running, `inbox_events_listed_finished` for the rest; migration 0010), which a parameter rules out.
    const statusIs: Record<EventInbox.EventStatus, Statement.Fragment> = {
      pending: sql`AND status = 'pending'`,
      running: sql`AND status = 'running'`,
      done: sql`AND status = 'done'`,
      skipped: sql`AND status = 'skipped'`,
      dead: sql`AND status = 'dead'`
    }

    const eventIds = (statement: Effect.Effect<ReadonlyArray<unknown>, SqlError.SqlError>) =>
      Effect.flatMap(statement, decodeEventIdRows)

    /** Runs a lease-guarded update; no row means the worker no longer holds the event. */
    const underLease = (eventId: string, statement: Effect.Effect<ReadonlyArray<unknown>, SqlError.SqlError>) =>
      Effect.flatMap(eventIds(statement), (rows) =>
        rows.length === 0 ? Effect.fail(new EventInbox.LeaseLost({ eventId })) : Effect.void)

    /** One event of a team, decoded as `get` shows it (a payload that does not decode included). */
    const findEvent = Effect.fnUntraced(function*(teamId: string, eventId: string) {
      const rows = yield* sql<Record<string, unknown>>`
        SELECT ${columns}, seq FROM inbox_events WHERE team_id = ${teamId} AND event_id = ${eventId}`
      const row = rows[0]
      if (row === undefined) return Option.none<EventInbox.InboxEvent>()
      const read = yield* decodeReadRow(row)
      return Option.some(toEvent(read.row))
    })

    // The columns every accept writes, in the order its `SELECT` gives them (alone, or as a batch).
    const insertColumns = sql`
      (team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at, status, note,
       trace_parent, next_attempt_at, updated_at)`

    // Stores `event` under the opportunity the SQL expression `opportunity` gives, in one statement, or
    // finds the event its dedupe key names; both accepts are this with an expression of their own.
    // No spans: every ack runs it inside `ReceiveWebhook.receive` (or a resend's span), whose duration is
    // essentially this statement's; a span of its own and one for the statement (with its text, most of an
    // ack's exported bytes) cost a measurable share of each ack's CPU with tracing on.
    const insert = (operation: string) =>
      Effect.fnUntraced(
        function*(event: Omit<EventInbox.NewInboxEvent, "opportunityId">, opportunity: Statement.Fragment) {
          const payload = yield* encodePayload(event.payload)
          const rows = yield* decodeAcceptedRows(
            yield* sql`
                WITH pruned AS (
                  -- A key whose event retention deleted is still a duplicate for a while (Lever may repeat it).
                  SELECT event_id FROM inbox_pruned_keys
                  WHERE team_id = ${event.teamId} AND dedupe_key = ${event.dedupeKey}
                ), inserted AS (
                  INSERT INTO inbox_events ${insertColumns}
                  SELECT ${event.teamId}::text, ${event.dedupeKey}::text, ${event.source}::text, ${event.kind}::text,
                     ${opportunity}, ${payload}::jsonb, ${event.rawBody}::text, ${event.receivedAt}::bigint,
                     ${event.status}::text, ${event.note}::text, ${event.traceParent ?? null}::text, ${event.receivedAt}::bigint,
                     ${event.receivedAt}::bigint
                  WHERE NOT EXISTS (SELECT 1 FROM pruned)
                  ON CONFLICT (team_id, dedupe_key) DO NOTHING
                  RETURNING event_id
                )
                SELECT event_id, true AS accepted FROM inserted
                UNION ALL
                SELECT event_id, false AS accepted FROM pruned
                UNION ALL
                SELECT event_id, false AS accepted FROM inbox_events
                WHERE team_id = ${event.teamId} AND dedupe_key = ${event.dedupeKey}
                  AND NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM pruned)`
          )
          const row = rows[0]
          if (row !== undefined) {
            return row.accepted
              ? { _tag: "Accepted" as const, eventId: row.event_id }
              : { _tag: "Duplicate" as const, eventId: row.event_id }
          }
          // The conflicting row was committed by a concurrent accept after this statement's snapshot was
          // taken, so the statement could not see it; a new statement can.
          const existing = yield* SqlSchema.findOne({
            Request: Schema.Void,
            Result: AcceptedRow,
            execute: () =>
              sql`
                SELECT event_id, false AS accepted FROM inbox_events
                WHERE team_id = ${event.teamId} AND dedupe_key = ${event.dedupeKey}`
          })(undefined)
          return { _tag: "Duplicate" as const, eventId: existing.event_id }
        },
        Effect.catchTag("NoSuchElementError", () =>
          Effect.fail(new StoreError.StoreError({ operation, message: "the conflicting event vanished" }))),
        StoreFailure.mapErrors(operation),
        Effect.withTracerEnabled(false)
      )

    const insertEvent = insert("EventInbox.accept")
    const acceptOne = (event: EventInbox.NewInboxEvent) => insertEvent(event, sql`${event.opportunityId}::text`)

    // `insert` for several events in one statement (`Coalescer`'s batches). Each answer is the one
    // `acceptOne` would give: a second event of the batch with the dedupe key of an earlier one is a
    // `Duplicate` of that one, and a row whose conflicting event committed after the statement's snapshot
    // is looked up again by `acceptOne`.
    const acceptMany = Effect.fnUntraced(
      function*(events: ReadonlyArray<EventInbox.NewInboxEvent>) {
        // Each event's owner: the first event of the batch with its team and dedupe key (itself, or the one
        // whose answer it shares as a `Duplicate`).
        const first = new Map<string, number>()
        const owners: Array<number> = []
        const rows: Array<Statement.Fragment> = []
        for (let index = 0; index < events.length; index++) {
          const event = events[index]!
          const key = `${event.teamId}\u0000${event.dedupeKey}`
          const owner = first.get(key)
          owners.push(owner ?? index)
          if (owner !== undefined) continue
          first.set(key, index)
          const payload = yield* encodePayload(event.payload)
          rows.push(sql`(${index}::int, ${event.teamId}::text, ${event.dedupeKey}::text, ${event.source}::text,
            ${event.kind}::text, ${event.opportunityId}::text, ${payload}::jsonb, ${event.rawBody}::text,
            ${event.receivedAt}::bigint, ${event.status}::text, ${event.note}::text, ${event.traceParent ?? null}::text)`)
        }
        const answered = yield* decodeBatchRows(
          yield* sql`
            WITH batch (i, team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at,
                        status, note, trace_parent) AS (
              VALUES ${sql.join(", ", false)(rows)}
            ), pruned AS (
              SELECT b.i, p.event_id FROM batch b
              JOIN inbox_pruned_keys p ON p.team_id = b.team_id AND p.dedupe_key = b.dedupe_key
            ), inserted AS (
              INSERT INTO inbox_events ${insertColumns}
              SELECT b.team_id, b.dedupe_key, b.source, b.kind, b.opportunity_id, b.payload, b.raw_body,
                     b.received_at, b.status, b.note, b.trace_parent, b.received_at, b.received_at
              FROM batch b
              WHERE NOT EXISTS (SELECT 1 FROM pruned p WHERE p.i = b.i)
              ORDER BY b.i
              ON CONFLICT (team_id, dedupe_key) DO NOTHING
              RETURNING team_id, dedupe_key, event_id
            )
            SELECT b.i, coalesce(n.event_id, p.event_id, e.event_id) AS event_id, n.event_id IS NOT NULL AS accepted
            FROM batch b
            LEFT JOIN inserted n ON n.team_id = b.team_id AND n.dedupe_key = b.dedupe_key
            LEFT JOIN pruned p ON p.i = b.i
            LEFT JOIN inbox_events e ON n.event_id IS NULL AND p.event_id IS NULL
              AND e.team_id = b.team_id AND e.dedupe_key = b.dedupe_key`
        )
        const byIndex = new Map(answered.map((row) => [row.i, row]))
        const exits: Array<Exit.Exit<EventInbox.Accepted, StoreError.StoreError>> = []
        for (let index = 0; index < events.length; index++) {
          const owner = owners[index]!
          const row = byIndex.get(owner)
          if (row === undefined || row.event_id === null) {
            exits.push(yield* Effect.exit(acceptOne(events[index]!)))
          } else if (owner === index && row.accepted) {
            exits.push(Exit.succeed({ _tag: "Accepted", eventId: row.event_id }))
          } else {
            exits.push(Exit.succeed({ _tag: "Duplicate", eventId: row.event_id }))
          }
        }
        return exits
      },
      StoreFailure.mapErrors("EventInbox.accept"),
      Effect.withTracerEnabled(false)
    )

    const accept = Coalescer.make({
      lanes: Math.floor(lanes),
      maxBatch: acceptBatch,
      one: acceptOne,
      many: acceptMany,
      alone: Coalescer.inTransaction(sql)
    })

    // The opportunity is `CandidateStoreSql.findByInterviewId`'s answer, as a subquery of the insert:
    // NULL when no candidate has the interview.
    const insertInterviewEvent = insert("EventInbox.acceptForInterview")
    const acceptForInterview = ({ interviewId, ...event }: EventInbox.NewInterviewEvent) =>
      insertInterviewEvent(
        event,
        sql`(SELECT opportunity_id ${CandidateByInterview.newest(sql, event.teamId, interviewId)})`
      )

    const seen = Effect.fn("EventInboxSql.seen")(
      function*(teamId: Ids.TeamId, dedupeKey: string) {
        const rows = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: SeenRow,
          execute: () =>
            sql`
              SELECT EXISTS (
                SELECT 1 FROM inbox_events WHERE team_id = ${teamId} AND dedupe_key = ${dedupeKey}
              ) OR EXISTS (
                SELECT 1 FROM inbox_pruned_keys WHERE team_id = ${teamId} AND dedupe_key = ${dedupeKey}
              ) AS seen`
        })(undefined)
        return rows[0]?.seen === true
      },
      StoreFailure.mapErrors("EventInbox.seen")
    )

    const claim = Effect.fnUntraced(
      function*(options: {
        readonly workerId: string
        readonly limit: number
        readonly leaseMs: number
        readonly now: number
      }) {
        const limit = Math.max(0, Math.floor(options.limit))
        if (limit === 0) return []
        const { now, workerId } = options
        const leaseClock = leaseNow(now)
        const window = Math.max(prefixSize, limit * 4)
        // Waiting events are due on the caller's clock (it set their next attempt); leases run out on the
        // lease clock.
        const due = (alias: string) =>
          sql`CASE WHEN ${sql(alias)}.status = 'pending' THEN ${sql(alias)}.next_attempt_at <= ${now}
                   ELSE ${sql(alias)}.lease_until <= ${leaseClock} END`
        const rows = yield* sql<Record<string, unknown>>`
              WITH RECURSIVE teams AS (
                -- The teams with active events, by a loose index scan: one index probe per team, however
                -- long any team's backlog is.
                (SELECT team_id FROM inbox_events WHERE status IN ('pending', 'running') ORDER BY team_id LIMIT 1)
                UNION ALL
                SELECT (
                  SELECT e.team_id FROM inbox_events e
                  WHERE e.status IN ('pending', 'running') AND e.team_id > t.team_id
                  ORDER BY e.team_id LIMIT 1
                )
                FROM teams t WHERE t.team_id IS NOT NULL
              ),
              busy AS (
                -- Opportunities with an event running under a live lease: nothing else of theirs may start.
                SELECT team_id, opportunity_id FROM inbox_events
                WHERE status = 'running' AND lease_until > ${leaseClock} AND opportunity_id IS NOT NULL
              ),
              prefix AS (
                -- Each team's oldest active events, where its claimable events almost always are.
                SELECT p.* FROM teams t
                CROSS JOIN LATERAL (
                  SELECT e.event_id, e.team_id, e.seq, e.opportunity_id, e.status, e.next_attempt_at, e.lease_until
                  FROM inbox_events e
                  WHERE e.team_id = t.team_id AND e.status IN ('pending', 'running')
                  ORDER BY e.seq
                  LIMIT ${window}
                ) p
                WHERE t.team_id IS NOT NULL
              ),
              prefix_heads AS (
                -- Nothing of a team is older than its prefix, so an opportunity's first event in the prefix
                -- is its earliest active event: the only one that may run. Events without an opportunity
                -- are each their own line.
                SELECT r.*,
                       ${due("r")} AND (r.opportunity_id IS NULL OR (r.team_id, r.opportunity_id) NOT IN (
                         SELECT team_id, opportunity_id FROM busy
                       )) AS claimable
                FROM (
                  SELECT p.*,
                         row_number() OVER (
                           PARTITION BY p.team_id, coalesce(p.opportunity_id, p.event_id) ORDER BY p.seq
                         ) AS line_rank,
                         count(*) OVER (PARTITION BY p.team_id) AS prefix_size,
                         max(p.seq) OVER (PARTITION BY p.team_id) AS prefix_end
                  FROM prefix p
                ) r
                WHERE r.line_rank = 1
              ),
              short AS (
                -- Teams whose prefix was full yet held fewer than \`limit\` claimable events (a long line
                -- of one opportunity, or events waiting for their retry): their claimable events may lie
                -- further back.
                SELECT team_id, max(prefix_end) AS prefix_end FROM prefix_heads
                WHERE prefix_size = ${window}
                GROUP BY team_id
                HAVING count(*) FILTER (WHERE claimable) < ${limit}
              ),
              beyond AS (
                SELECT b.event_id, b.team_id, b.seq FROM short s
                CROSS JOIN LATERAL (
                  SELECT e.event_id, e.team_id, e.seq FROM inbox_events e
                  WHERE e.team_id = s.team_id AND e.status IN ('pending', 'running') AND e.seq > s.prefix_end
                    AND ${due("e")}
                    AND (e.opportunity_id IS NULL OR (
                      -- Cheap first: a line with an event in the prefix is held by it.
                      (e.team_id, e.opportunity_id) NOT IN (
                        SELECT team_id, opportunity_id FROM prefix WHERE opportunity_id IS NOT NULL
                      )
                      AND (e.team_id, e.opportunity_id) NOT IN (SELECT team_id, opportunity_id FROM busy)
                      AND e.seq = (
                        SELECT min(o.seq) FROM inbox_events o
                        WHERE o.team_id = e.team_id AND o.opportunity_id = e.opportunity_id
                          AND o.status IN ('pending', 'running')
                      )
                    ))
                  ORDER BY e.seq
                  LIMIT ${limit}
                ) b
              ),
              candidates AS (
                SELECT event_id, team_id, seq FROM prefix_heads WHERE claimable
                UNION ALL
                SELECT event_id, team_id, seq FROM beyond
              ),
              ranked AS (
                -- Round-robin: each team's first candidate, then each team's second, ...; within a round,
                -- the team served longest ago (or never) first, then the team with the oldest candidate.
                SELECT c.event_id, c.team_id,
                       row_number() OVER (PARTITION BY c.team_id ORDER BY c.seq) AS team_rank,
                       min(c.seq) OVER (PARTITION BY c.team_id) AS team_oldest,
                       turns.served_turn
                FROM candidates c LEFT JOIN inbox_team_turns turns ON turns.team_id = c.team_id
                -- Ranked before the join below, which then keeps this order: the lock stops at the
                -- claim's limit instead of reading every candidate's row to sort them (64 a team).
                ORDER BY team_rank, served_turn NULLS FIRST, team_oldest
              ),
              locked AS (
                -- SKIP LOCKED: what a concurrent claimer holds is passed over, and the next candidates in
                -- order fill the claim. The due check runs again on the locked, latest row version.
                SELECT e.event_id, r.team_id, r.team_rank, r.served_turn, r.team_oldest
                FROM ranked r JOIN inbox_events e ON e.event_id = r.event_id
                WHERE e.status IN ('pending', 'running') AND ${due("e")}
                ORDER BY r.team_rank, r.served_turn NULLS FIRST, r.team_oldest
                LIMIT ${limit}
                FOR UPDATE OF e SKIP LOCKED
              ),
              chosen AS (
                SELECT event_id, team_id,
                       row_number() OVER (ORDER BY team_rank, served_turn NULLS FIRST, team_oldest) AS position
                FROM locked
              ),
              claimed AS (
                UPDATE inbox_events e
                -- A running event here is one whose lease ran out: its run ended without an outcome, which
                -- counts as an interruption, not an attempt.
                SET status = 'running', lease_owner = ${workerId}, lease_until = ${leaseClock} + ${options.leaseMs},
                    attempts = e.attempts + CASE WHEN e.status = 'running' THEN 0 ELSE 1 END,
                    interruptions = e.interruptions + CASE WHEN e.status = 'running' THEN 1 ELSE 0 END,
                    updated_at = ${now}
                FROM chosen
                WHERE e.event_id = chosen.event_id
                RETURNING e.*, chosen.position
              ),
              served AS (
                -- Later claims get later turns; in team order, so concurrent claims lock turn rows alike.
                INSERT INTO inbox_team_turns (team_id, served_turn)
                SELECT team_id, (SELECT coalesce(max(served_turn), 0) FROM inbox_team_turns) + max(position)
                FROM chosen GROUP BY team_id ORDER BY team_id
                ON CONFLICT (team_id) DO UPDATE SET served_turn = excluded.served_turn
              )
              SELECT ${columns}, lease_until AS "leaseUntil" FROM claimed ORDER BY position`
        // Row by row: a row whose stored values no longer decode (a payload written by an older or newer
        // version, or edited by hand) would otherwise fail every claim it is part of, and as it is claimed
        // again on each lease expiry, hold back every event claimed beside it, forever. It is killed instead,
        // and the rest of the claim goes on. (Should that update fail, the claim fails and its events come
        // back when their leases end, as after a reply lost in transit.)
        const claimed: Array<EventInbox.Claimed> = []
        for (const row of rows) {
          const decoded = yield* Effect.result(decodeEventRow(row))
          if (decoded._tag === "Success") {
            claimed.push({ event: decoded.success, leaseUntil: Number(row["leaseUntil"]) })
            continue
          }
          const { eventId } = yield* decodeEventId(row)
          yield* eventIds(sql`
            UPDATE inbox_events
            SET status = 'dead', last_error = ${undecodable(decoded.failure)}, updated_at = ${now},
                lease_owner = NULL, lease_until = NULL
            WHERE event_id = ${eventId} AND status = 'running' AND lease_owner = ${workerId}
            RETURNING event_id`)
        }
        return claimed
      },
      StoreFailure.mapErrors("EventInbox.claim"),
      TraceContext.spanWhenTracing("EventInboxSql.claim")
    )

    const extendLease = Effect.fnUntraced(
      function*(eventId: string, workerId: string, lease: { readonly leaseMs: number; readonly now: number }) {
        yield* underLease(
          eventId,
          sql`
            UPDATE inbox_events SET lease_until = ${leaseNow(lease.now)} + ${lease.leaseMs}
            WHERE event_id = ${eventId} AND status = 'running' AND lease_owner = ${workerId}
            RETURNING event_id`
        )
      },
      StoreFailure.mapErrors("EventInbox.extendLease"),
      TraceContext.spanWhenTracing("EventInboxSql.extendLease")
    )

    // A completion and its held steps in one statement (`completeOne`), or several runs' in one
    // (`completeMany`, `Coalescer`'s batches): under load a worker's runs end close together, and each
    // statement saved is a commit, a socket write and a wake-up on both sides.
    const completeOne = Effect.fnUntraced(
      function*({ eventId, outcome, workerId }: Completion) {
        const rows = outcome.journal
        const steps = rows === undefined ? null : yield* JournalInsert.encodeSteps(rows.steps)
        const completed = sql`
          UPDATE inbox_events
          SET status = ${outcome.status}, note = coalesce(${outcome.note}, note), updated_at = ${outcome.now},
              lease_owner = NULL, lease_until = NULL
          WHERE event_id = ${eventId} AND status = 'running' AND lease_owner = ${workerId}
          RETURNING event_id, team_id`
        // The journal rows ride in the same statement, so they are written exactly when the event completes.
        yield* underLease(
          eventId,
          steps === null || rows === undefined ? completed : sql`
            WITH completed AS (${completed}),
            journaled AS (${
            JournalInsert.insert(
              sql,
              sql`(SELECT team_id FROM completed)`,
              steps,
              rows.at,
              sql`EXISTS (SELECT 1 FROM completed)`
            )
          })
            SELECT event_id FROM completed`
        )
      },
      StoreFailure.mapErrors("EventInbox.complete")
    )

    const completeMany = Effect.fnUntraced(
      function*(completions: ReadonlyArray<Completion>) {
        const rows: Array<Statement.Fragment> = []
        for (let index = 0; index < completions.length; index++) {
          const { eventId, outcome, workerId } = completions[index]!
          const steps = outcome.journal === undefined ? null : yield* JournalInsert.encodeSteps(outcome.journal.steps)
          rows.push(sql`(${index}::int, ${eventId}::text, ${workerId}::text, ${outcome.status}::text,
            ${outcome.note}::text, ${outcome.now}::bigint, ${steps}::jsonb, ${outcome.journal?.at ?? null}::bigint)`)
        }
        // As `completeOne` for each row: the event is completed only under the worker's lease, and its
        // steps are journaled only if it was, in their order.
        const completed = yield* decodeCompletedRows(
          yield* sql`
            WITH batch (i, event_id, worker_id, status, note, updated_at, steps, at) AS (
              VALUES ${sql.join(", ", false)(rows)}
            ), completed AS (
              UPDATE inbox_events e
              SET status = b.status, note = coalesce(b.note, e.note), updated_at = b.updated_at,
                  lease_owner = NULL, lease_until = NULL
              FROM batch b
              WHERE e.event_id = b.event_id AND e.status = 'running' AND e.lease_owner = b.worker_id
              RETURNING b.i, e.team_id
            ), journaled AS (${
            JournalInsert.insertEach(
              sql,
              sql`(SELECT c.i, c.team_id, b.steps, b.at FROM completed c JOIN batch b ON b.i = c.i)`
            )
          })
            SELECT i FROM completed`
        )
        const done = new Set(completed.map((row) => row.i))
        return completions.map(({ eventId }, index) =>
          done.has(index) ? Exit.void : Exit.fail(new EventInbox.LeaseLost({ eventId }))
        )
      },
      StoreFailure.mapErrors("EventInbox.complete")
    )

    const completeCoalesced = Coalescer.make<Completion, void, EventInbox.LeaseLost | StoreError.StoreError>({
      lanes: completeLanes,
      maxBatch: completeBatch,
      one: completeOne,
      many: completeMany,
      alone: Coalescer.inTransaction(sql)
    })

    const complete = (eventId: string, workerId: string, outcome: Completion["outcome"]) =>
      completeCoalesced({ eventId, workerId, outcome }).pipe(TraceContext.spanWhenTracing("EventInboxSql.complete"))

    const retry = Effect.fnUntraced(
      function*(
        eventId: string,
        workerId: string,
        failure: { readonly error: string; readonly nextAttemptAt: number; readonly now: number }
      ) {
        yield* underLease(
          eventId,
          sql`
            UPDATE inbox_events
            SET status = 'pending', next_attempt_at = ${failure.nextAttemptAt}, last_error = ${failure.error},
                updated_at = ${failure.now}, lease_owner = NULL, lease_until = NULL
            WHERE event_id = ${eventId} AND status = 'running' AND lease_owner = ${workerId}
            RETURNING event_id`
        )
      },
      StoreFailure.mapErrors("EventInbox.retry"),
      TraceContext.spanWhenTracing("EventInboxSql.retry")
    )

    const kill = Effect.fnUntraced(
      function*(eventId: string, workerId: string, failure: { readonly error: string; readonly now: number }) {
        yield* underLease(
          eventId,
          sql`
            UPDATE inbox_events
            SET status = 'dead', last_error = ${failure.error}, updated_at = ${failure.now},
                lease_owner = NULL, lease_until = NULL
            WHERE event_id = ${eventId} AND status = 'running' AND lease_owner = ${workerId}
            RETURNING event_id`
        )
      },
      StoreFailure.mapErrors("EventInbox.kill"),
      TraceContext.spanWhenTracing("EventInboxSql.kill")
    )

    const release = Effect.fn("EventInboxSql.release")(
      function*(workerId: string, now: number) {
        const released = yield* eventIds(sql`
          UPDATE inbox_events
          SET status = 'pending', attempts = greatest(attempts - 1, 0), interruptions = interruptions + 1,
              next_attempt_at = ${now}, updated_at = ${now},
              lease_owner = NULL, lease_until = NULL
          WHERE status = 'running' AND lease_owner = ${workerId}
          RETURNING event_id`)
        return released.length
      },
      StoreFailure.mapErrors("EventInbox.release")
    )

    const get = Effect.fn("EventInboxSql.get")(
      function*(teamId: Ids.TeamId, eventId: string) {
        return yield* findEvent(teamId, eventId)
      },
      StoreFailure.mapErrors("EventInbox.get")
    )

    const list = Effect.fn("EventInboxSql.list")(
      function*(teamId: Ids.TeamId, query: EventInbox.EventQuery) {
        const limit = Math.max(1, Math.floor(query.limit ?? defaultLimit))
        const before = query.cursor === undefined
          ? Option.none()
          : Option.some(yield* Effect.option(pageCursor.decode(query.cursor)))
        // A cursor this inbox did not issue cannot say where a page ends; "no more events" ends a client's
        // paging loop instead of restarting it from the first page (as the in-memory inbox).
        if (Option.isSome(before) && Option.isNone(before.value)) return { events: [], next: null }
        const position = Option.flatten(before)
        const rows = yield* sql<Record<string, unknown>>`
          SELECT ${columns}, seq FROM inbox_events
          WHERE team_id = ${teamId}
            ${query.status === undefined ? sql`` : statusIs[query.status]}
            ${query.opportunityId === undefined ? sql`` : sql`AND opportunity_id = ${query.opportunityId}`}
            ${Option.match(position, { onNone: () => sql``, onSome: ([seq]) => sql`AND seq < ${seq}` })}
          ORDER BY seq DESC
          LIMIT ${limit + 1}`
        // Row by row: a row whose payload no longer decodes is listed too (see `decodeReadRow`), so it
        // neither hides the team's other events nor disappears from the dead list.
        const page = yield* Effect.forEach(rows.slice(0, limit), (row) =>
          Effect.map(decodeReadRow(row), (read) => read.row))
        const last = page[page.length - 1]
        const next = rows.length > limit && last !== undefined ? yield* pageCursor.encode([last.seq]) : null
        return { events: page.map(toEvent), next }
      },
      StoreFailure.mapErrors("EventInbox.list")
    )

    const replay = Effect.fn("EventInboxSql.replay")(
      function*(teamId: Ids.TeamId, eventId: string, now: number) {
        // A running event is being processed right now: rescheduling it would let a second worker claim
        // it while the first still holds its lease, so it is left alone (and returned as it is).
        // An event whose stored payload does not decode could never be processed (the claim would kill it
        // again), so it is refused, and the update is rolled back: the row stays as it was.
        const replayed = yield* sql.withTransaction(Effect.gen(function*() {
          const rows = yield* sql<Record<string, unknown>>`
            UPDATE inbox_events
            SET status = 'pending', attempts = 0, interruptions = 0, replays = replays + 1, next_attempt_at = ${now},
                updated_at = ${now}, lease_owner = NULL, lease_until = NULL
            WHERE team_id = ${teamId} AND event_id = ${eventId} AND status <> 'running'
            RETURNING ${columns}, seq`
          const row = rows[0]
          if (row === undefined) return Option.none<EventInbox.InboxEvent>()
          const read = yield* decodeReadRow(row)
          if (Option.isSome(read.undecodable)) {
            return yield* new StoreError.StoreError({
              operation: "EventInbox.replay",
              message: `event ${eventId} cannot be replayed: ${read.undecodable.value}`
            })
          }
          return Option.some(toEvent(read.row))
        }))
        if (Option.isSome(replayed)) return replayed.value
        const current = yield* findEvent(teamId, eventId)
        if (Option.isNone(current)) return yield* new EventInbox.EventNotFound({ eventId })
        return current.value
      },
      StoreFailure.mapErrors("EventInbox.replay")
    )

    const scrub = Effect.fn("EventInboxSql.scrub")(
      function*(teamId: Ids.TeamId, opportunityId: string) {
        // Only personal data changes: status, lease, attempts and times stay, so a running event keeps its
        // worker and the record of what happened survives without the data.
        return yield* InboxRetention.scrub(sql, teamId, opportunityId)
      },
      StoreFailure.mapErrors("EventInbox.scrub")
    )

    const prune = Effect.fn("EventInboxSql.prune")(
      function*(options: EventInbox.PruneOptions) {
        return yield* InboxRetention.prune(sql, options)
      },
      StoreFailure.mapErrors("EventInbox.prune")
    )

    const stats = Effect.fn("EventInboxSql.stats")(
      function*(teamId?: Ids.TeamId) {
        const rows = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: CountRow,
          execute: () =>
            sql`
              SELECT status, count(*)::int AS n FROM inbox_events
              ${teamId === undefined ? sql`` : sql`WHERE team_id = ${teamId}`}
              GROUP BY status`
        })(undefined)
        const counts: Record<EventInbox.EventStatus, number> = { pending: 0, running: 0, done: 0, skipped: 0, dead: 0 }
        for (const row of rows) counts[row.status] = row.n
        return counts
      },
      StoreFailure.mapErrors("EventInbox.stats")
    )

    const oldestPendingAt = Effect.gen(function*() {
      const rows = yield* sql<{ readonly oldest: string | number | null }>`
        SELECT min(received_at) AS oldest FROM inbox_events WHERE status = 'pending'`
      const oldest = rows[0]?.oldest ?? null
      return oldest === null ? null : Number(oldest)
    }).pipe(StoreFailure.mapErrors("EventInbox.oldestPendingAt"))

    return EventInbox.EventInbox.of({
      accept,
      acceptForInterview,
      seen,
      claim,
      extendLease,
      complete,
      retry,
      kill,
      release,
      get,
      list,
      replay,
      scrub,
      prune,
      stats,
      oldestPendingAt
    })
  })

/**
 * Builds the inbox over the `SqlClient` in context, leases on the database's clock.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<EventInbox.EventInbox["Service"], never, SqlClient.SqlClient> = makeWith()

/**
 * The `EventInbox` over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<EventInbox.EventInbox, never, SqlClient.SqlClient> = Layer.effect(
  EventInbox.EventInbox,
  make
)

/**
 * The `EventInbox` over the `SqlClient` in context, with leases on the clock `options` names.
 *
 * @since 0.1.0
 */
export const layerWith = (options: Options): Layer.Layer<EventInbox.EventInbox, never, SqlClient.SqlClient> =>
  Layer.effect(EventInbox.EventInbox, makeWith(options))
