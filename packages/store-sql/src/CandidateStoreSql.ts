/**
 * `CandidateStore` on SQL. A candidate is one row: its state as JSONB (encoded with the domain's
 * `CandidateState` schema), an optimistic `version`, and columns derived from the state for the queries
 * (`invite_state`, `updated_at`, and `interview_ids` for `findByInterviewId`). The timeline is its own
 * table, unique on (team, opportunity, key), appended with `ON CONFLICT DO NOTHING` so appends are
 * idempotent; a save writes the state and its timeline entries in one statement, and `saveJournaled`
 * its step journal rows too (in `step_journal`, which `StepJournalSql` reads); `getJournaled` reads the
 * candidate and its journal rows in one statement.
 *
 * Group commit (ADR 0015): the saves, and the `getJournaled` reads, that arrive while one of their kind is
 * in flight go together as one statement, each answered as it would be alone; a worker's runs save and
 * read close together, and most of a statement's cost is per statement, not per row.
 *
 * @since 0.1.0
 */
import { CandidateStore, ConfigStore, TraceContext } from "@fulcrum/core"
import { Candidate, Ids } from "@fulcrum/domain"
import { Array as Arr, Effect, Exit, Layer, Option, Schema } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import type { SqlError, Statement } from "effect/sql"
import * as CandidateByInterview from "./internal/CandidateByInterview.ts"
import * as Coalescer from "./internal/Coalescer.ts"
import { cursor, Int8, jsonText } from "./internal/Columns.ts"
import * as JournalInsert from "./internal/JournalInsert.ts"
import * as JournalRead from "./internal/JournalRead.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"

/**
 * How many candidates a page holds when the query names no limit (as the in-memory store).
 *
 * @since 0.1.0
 */
export const defaultLimit = 50

const CandidateRow = Schema.Struct({ state: Candidate.CandidateState, version: Schema.Number })
const VersionRow = Schema.Struct({ version: Schema.Number })
/** A row of `getJournaled`: a journal row (the candidate's columns null), or the candidate's (the journal's null). */
const JournaledRow = Schema.Union([
  Schema.Struct({ ...JournalRead.Row.fields, state: Schema.Null, version: Schema.Null }),
  Schema.Struct({ step_key: Schema.Null, result: Schema.Null, ...CandidateRow.fields })
])
// Built once: `SqlSchema.findAll` made per call builds (and compiles) a new array schema on every run.
const decodeJournaledRows = Schema.decodeUnknownEffect(Schema.Array(JournaledRow))
const decodeBatchJournaledRows = Schema.decodeUnknownEffect(
  Schema.Array(Schema.Union(JournaledRow.members.map((member) => Schema.Struct({ i: Schema.Number, ...member.fields }))))
)
const decodeVersionRows = Schema.decodeUnknownEffect(Schema.Array(VersionRow))
const decodeWrittenRows = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ i: Schema.Number, ...VersionRow.fields })))
const TimelineRow = Schema.Struct({ ...CandidateStore.TimelineEntry.fields, at: Int8 })
const CandidateKey = Schema.Struct({ teamId: Schema.String, opportunityId: Schema.String })

/**
 * Where a page ended: the last candidate's `updatedAt` and opportunity id (as the in-memory store). The
 * id is decoded as one, so a forged cursor with a NUL in it is a foreign cursor, not a failed query.
 */
const pageCursor = cursor(Schema.Tuple([Schema.Number, Ids.OpportunityId]))

/**
 * How many saves may run at once, and the most one statement writes: a save that finds the lane busy
 * waits for it (one statement at most) and goes with the others that waited. Under load a worker's runs
 * save close together, and each statement saved is a commit, a socket write and a wake-up on both sides.
 */
const saveLanes = 1
const saveBatch = 16

/** How many first reads may run at once, and the most one statement reads (as the saves'). */
const readLanes = 1
const readBatch = 16

/** A run's first read, as `getJournaled` takes it. */
interface Read {
  readonly teamId: Ids.TeamId
  readonly opportunityId: Ids.OpportunityId
  readonly prefixes: ReadonlyArray<string>
}

/** One save, as `save` and `saveJournaled` take it (`rows`: the journal rows of `saveJournaled`). */
interface Write {
  readonly state: Candidate.CandidateState
  readonly expectedVersion: number
  readonly timeline: ReadonlyArray<CandidateStore.TimelineEntry>
  readonly rows: CandidateStore.JournalRows | null
}

/** How a save fails before its operation names the store errors. */
type WriteError = ConfigStore.VersionConflict | SqlError.SqlError | Schema.SchemaError

const interviewIdsOf = (state: Candidate.CandidateState): ReadonlyArray<string> =>
  Object.values(state.invites).flatMap((invite) => (invite.interviewId === null ? [] : [invite.interviewId]))

/**
 * Builds the store over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<CandidateStore.CandidateStore["Service"], never, SqlClient.SqlClient> = Effect.gen(
  function*() {
    const sql = yield* SqlClient.SqlClient
    const encodeState = jsonText(Candidate.CandidateState)

    const findCandidate = SqlSchema.findOneOption({
      Request: CandidateKey,
      Result: CandidateRow,
      execute: ({ opportunityId, teamId }) =>
        sql`SELECT state, version FROM candidates WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}`
    })
    const findVersion = SqlSchema.findOneOption({
      Request: CandidateKey,
      Result: VersionRow,
      execute: ({ opportunityId, teamId }) =>
        sql`SELECT version FROM candidates WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}`
    })
    const readTimeline = SqlSchema.findAll({
      Request: CandidateKey,
      Result: TimelineRow,
      execute: ({ opportunityId, teamId }) =>
        sql`
          SELECT key, at, kind, message, event_id AS "eventId" FROM candidate_timeline
          WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}
          ORDER BY at, seq`
    })

    const append = (teamId: string, opportunityId: string, entries: ReadonlyArray<CandidateStore.TimelineEntry>) => {
      const rows: ReadonlyArray<Record<string, unknown>> = entries.map((entry) => ({
        team_id: teamId,
        opportunity_id: opportunityId,
        key: entry.key,
        at: entry.at,
        kind: entry.kind,
        message: entry.message,
        event_id: entry.eventId
      }))
      // Identity values follow the VALUES order, so entries of the same `at` read back in append order.
      return Arr.isReadonlyArrayNonEmpty(rows)
        ? Effect.asVoid(sql`
            INSERT INTO candidate_timeline ${sql.insert(rows)}
            ON CONFLICT (team_id, opportunity_id, key) DO NOTHING`)
        : Effect.void
    }

    const get = Effect.fnUntraced(
      function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId) {
        return yield* findCandidate({ teamId, opportunityId })
      },
      StoreFailure.mapErrors("CandidateStore.get"),
      TraceContext.spanWhenTracing("CandidateStoreSql.get")
    )

    const journaledOf = (
      rows: ReadonlyArray<typeof JournaledRow.Type>,
      prefixes: ReadonlyArray<string>
    ): CandidateStore.JournaledCandidate => {
      const journal: Array<typeof JournalRead.Row.Type> = []
      let candidate = Option.none<CandidateStore.VersionedCandidate>()
      for (const row of rows) {
        if (row.step_key === null) candidate = Option.some({ state: row.state, version: row.version })
        else journal.push({ step_key: row.step_key, result: row.result })
      }
      return { candidate, steps: JournalRead.byKey(journal, prefixes) }
    }

    const readOne = Effect.fnUntraced(function*({ opportunityId, prefixes, teamId }: Read) {
      // One statement, one snapshot: the journal's rows under the prefixes, then the candidate's row.
      const rows = yield* decodeJournaledRows(
        yield* sql`
          WITH step AS (${JournalRead.select(sql, teamId, prefixes)})
          SELECT step_key, result, NULL::jsonb AS state, NULL::integer AS version FROM step
          UNION ALL
          SELECT NULL, NULL, state, version FROM candidates
          WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}`
      )
      return journaledOf(rows, prefixes)
    })

    // Several runs' first reads in one statement (`Coalescer`'s batches), each as `readOne` reads it.
    const readMany = Effect.fnUntraced(function*(reads: ReadonlyArray<Read>) {
      const values: Array<Statement.Fragment> = []
      for (let index = 0; index < reads.length; index++) {
        const { opportunityId, prefixes, teamId } = reads[index]!
        const { bounded, unbounded } = JournalRead.ranges(prefixes)
        if (unbounded.length > 0) return yield* Effect.forEach(reads, (read) => Effect.exit(readOne(read)))
        values.push(sql`(${index}::int, ${teamId}::text, ${opportunityId}::text, ${JSON.stringify(bounded)}::jsonb)`)
      }
      const rows = yield* decodeBatchJournaledRows(
        yield* sql`
          WITH batch (i, team_id, opportunity_id, ranges) AS (VALUES ${sql.join(", ", false)(values)})
          SELECT b.i, step.step_key, step.result, NULL::jsonb AS state, NULL::integer AS version
          FROM batch b
          CROSS JOIN LATERAL jsonb_to_recordset(b.ranges) AS range (lo text, hi text)
          CROSS JOIN LATERAL ${JournalRead.inRange(sql, sql`b.team_id`)}
          UNION ALL
          SELECT b.i, NULL, NULL, c.state, c.version
          FROM batch b
          JOIN candidates c ON c.team_id = b.team_id AND c.opportunity_id = b.opportunity_id`
      )
      const byRead = reads.map((): Array<typeof JournaledRow.Type> => [])
      for (const { i, ...row } of rows) byRead[i]?.push(row)
      return reads.map((read, index) => Exit.succeed(journaledOf(byRead[index]!, read.prefixes)))
    })

    const read = Coalescer.make<Read, CandidateStore.JournaledCandidate, SqlError.SqlError | Schema.SchemaError>({
      lanes: readLanes,
      maxBatch: readBatch,
      one: readOne,
      many: readMany,
      alone: Coalescer.inTransaction(sql)
    })

    const getJournaled = Effect.fnUntraced(
      function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, steps: { readonly prefixes: ReadonlyArray<string> }) {
        return yield* read({ teamId, opportunityId, prefixes: steps.prefixes })
      },
      StoreFailure.mapErrors("CandidateStore.getJournaled"),
      TraceContext.spanWhenTracing("CandidateStoreSql.getJournaled")
    )

    // `save` and `saveJournaled`: the journal rows, if any, ride in the same statement.
    const encodeWrite = Effect.fnUntraced(function*({ rows, state, timeline }: Write) {
      return {
        json: yield* encodeState(state),
        steps: rows === null ? null : yield* JournalInsert.encodeSteps(rows.steps),
        inviteState: Candidate.inviteState(state),
        interviewIds: JSON.stringify(interviewIdsOf(state)),
        entries: JSON.stringify(timeline)
      }
    })

    // What a save that wrote no row answers: the version it found instead.
    const conflict = Effect.fnUntraced(function*({ expectedVersion, state: { opportunityId, teamId } }: Write) {
      const actual = yield* findVersion({ teamId, opportunityId })
      return yield* new ConfigStore.VersionConflict({
        teamId,
        expected: expectedVersion,
        actual: Option.match(actual, { onNone: () => 0, onSome: (row) => row.version })
      })
    })

    const writeOne = Effect.fnUntraced(
      function*(write: Write) {
        const { expectedVersion, rows, state } = write
        const { entries, inviteState, interviewIds, json, steps } = yield* encodeWrite(write)
        const { opportunityId, teamId } = state
        // One statement, so one round trip and atomic without a transaction: the state is written when
        // the version matches, and the timeline entries only if it was (in order, so entries of the same
        // `at` read back in append order).
        const written = yield* decodeVersionRows(
          yield* sql`
              WITH written AS (${
              expectedVersion === 0
                ? sql`
                  INSERT INTO candidates
                    (team_id, opportunity_id, state, version, invite_state, interview_ids, updated_at)
                  VALUES
                    (${teamId}, ${opportunityId}, ${json}::jsonb, 1, ${inviteState}, ${interviewIds}::jsonb,
                     ${state.updatedAt})
                  ON CONFLICT (team_id, opportunity_id) DO NOTHING
                  RETURNING version`
                : sql`
                  UPDATE candidates
                  SET state = ${json}::jsonb, version = version + 1, invite_state = ${inviteState},
                      interview_ids = ${interviewIds}::jsonb, updated_at = ${state.updatedAt}
                  WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId} AND version = ${expectedVersion}
                  RETURNING version`
            }),
              appended AS (
                INSERT INTO candidate_timeline (team_id, opportunity_id, key, at, kind, message, event_id)
                SELECT ${teamId}, ${opportunityId}, entry->>'key', (entry->>'at')::bigint, entry->>'kind',
                       entry->>'message', entry->>'eventId'
                FROM jsonb_array_elements(${entries}::jsonb) WITH ORDINALITY AS entries (entry, position)
                WHERE EXISTS (SELECT 1 FROM written)
                ORDER BY position
                ON CONFLICT (team_id, opportunity_id, key) DO NOTHING
              )${
              steps === null || rows === null ? sql`` : sql`,
              journaled AS (${JournalInsert.insert(sql, teamId, steps, rows.at, sql`EXISTS (SELECT 1 FROM written)`)})`
            }
              SELECT version FROM written`
        )
        const saved = written[0]
        if (saved === undefined) return yield* conflict(write)
        return { state, version: saved.version }
      }
    )

    // Several runs' saves in one statement (`Coalescer`'s batches), each as `writeOne` would write it:
    // a candidate's state when its version matches, its timeline and journal rows only then, in order.
    // Two saves of one candidate (never a worker's: one run per candidate at a time) go one by one.
    const writeMany = Effect.fnUntraced(function*(writes: ReadonlyArray<Write>) {
      const keys = new Set(writes.map(({ state }) => `${state.teamId}\u0000${state.opportunityId}`))
      if (keys.size < writes.length) return yield* Effect.forEach(writes, (write) => Effect.exit(writeOne(write)))
      const values: Array<Statement.Fragment> = []
      for (let index = 0; index < writes.length; index++) {
        const write = writes[index]!
        const { expectedVersion, rows, state } = write
        const encoded = yield* encodeWrite(write)
        values.push(sql`(${index}::int, ${state.teamId}::text, ${state.opportunityId}::text, ${encoded.json}::jsonb,
          ${expectedVersion}::int, ${encoded.inviteState}::text, ${encoded.interviewIds}::jsonb,
          ${state.updatedAt}::bigint, ${encoded.entries}::jsonb, ${encoded.steps}::jsonb, ${rows?.at ?? null}::bigint)`)
      }
      const written = yield* decodeWrittenRows(
        yield* sql`
          WITH batch (i, team_id, opportunity_id, state, expected, invite_state, interview_ids, updated_at,
                      entries, steps, at) AS (
            VALUES ${sql.join(", ", false)(values)}
          ), inserted AS (
            INSERT INTO candidates (team_id, opportunity_id, state, version, invite_state, interview_ids, updated_at)
            SELECT team_id, opportunity_id, state, 1, invite_state, interview_ids, updated_at
            FROM batch WHERE expected = 0
            ORDER BY i
            ON CONFLICT (team_id, opportunity_id) DO NOTHING
            RETURNING team_id, opportunity_id, version
          ), updated AS (
            UPDATE candidates c
            SET state = b.state, version = c.version + 1, invite_state = b.invite_state,
                interview_ids = b.interview_ids, updated_at = b.updated_at
            FROM batch b
            WHERE b.expected > 0 AND c.team_id = b.team_id AND c.opportunity_id = b.opportunity_id
              AND c.version = b.expected
            RETURNING c.team_id, c.opportunity_id, c.version
          ), written AS (
            SELECT b.i, b.team_id, b.opportunity_id, w.version, b.entries, b.steps, b.at
            FROM (SELECT * FROM inserted UNION ALL SELECT * FROM updated) w
            JOIN batch b ON b.team_id = w.team_id AND b.opportunity_id = w.opportunity_id
          ), appended AS (
            INSERT INTO candidate_timeline (team_id, opportunity_id, key, at, kind, message, event_id)
            SELECT w.team_id, w.opportunity_id, entry->>'key', (entry->>'at')::bigint, entry->>'kind',
                   entry->>'message', entry->>'eventId'
            FROM written w
            CROSS JOIN LATERAL jsonb_array_elements(w.entries) WITH ORDINALITY AS entries (entry, position)
            ORDER BY w.i, position
            ON CONFLICT (team_id, opportunity_id, key) DO NOTHING
          ), journaled AS (${JournalInsert.insertEach(sql, sql`written`)})
          SELECT i, version FROM written`
      )
      const versions = new Map(written.map((row) => [row.i, row.version]))
      const exits: Array<Exit.Exit<CandidateStore.VersionedCandidate, WriteError>> = []
      for (let index = 0; index < writes.length; index++) {
        const write = writes[index]!
        const version = versions.get(index)
        exits.push(
          version === undefined ? yield* Effect.exit(conflict(write)) : Exit.succeed({ state: write.state, version })
        )
      }
      return exits
    })

    const write = Coalescer.make<Write, CandidateStore.VersionedCandidate, WriteError>({
      lanes: saveLanes,
      maxBatch: saveBatch,
      one: writeOne,
      many: writeMany,
      alone: Coalescer.inTransaction(sql)
    })

    const save = Effect.fnUntraced(
      function*(
        state: Candidate.CandidateState,
        expectedVersion: number,
        timeline: ReadonlyArray<CandidateStore.TimelineEntry>
      ) {
        return yield* write({ state, expectedVersion, timeline, rows: null })
      },
      StoreFailure.mapErrors("CandidateStore.save"),
      TraceContext.spanWhenTracing("CandidateStoreSql.save")
    )

    const saveJournaled = Effect.fnUntraced(
      function*(
        state: Candidate.CandidateState,
        expectedVersion: number,
        timeline: ReadonlyArray<CandidateStore.TimelineEntry>,
        rows: CandidateStore.JournalRows
      ) {
        return yield* write({ state, expectedVersion, timeline, rows })
      },
      StoreFailure.mapErrors("CandidateStore.saveJournaled"),
      TraceContext.spanWhenTracing("CandidateStoreSql.saveJournaled")
    )

    const appendTimeline = Effect.fn("CandidateStoreSql.appendTimeline")(
      function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, entries: ReadonlyArray<CandidateStore.TimelineEntry>) {
        yield* append(teamId, opportunityId, entries)
      },
      StoreFailure.mapErrors("CandidateStore.appendTimeline")
    )

    const timeline = Effect.fn("CandidateStoreSql.timeline")(
      function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId) {
        return yield* readTimeline({ teamId, opportunityId })
      },
      StoreFailure.mapErrors("CandidateStore.timeline")
    )

    const erase = Effect.fn("CandidateStoreSql.erase")(
      function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, keep: ReadonlyArray<CandidateStore.TimelineEntry>) {
        yield* sql.withTransaction(Effect.gen(function*() {
          yield* sql`DELETE FROM candidate_timeline WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}`
          yield* append(teamId, opportunityId, keep)
        }))
      },
      StoreFailure.mapErrors("CandidateStore.erase")
    )

    const list = Effect.fn("CandidateStoreSql.list")(
      function*(teamId: Ids.TeamId, query: CandidateStore.CandidateQuery) {
        const limit = Math.max(1, Math.floor(query.limit ?? defaultLimit))
        const after = query.cursor === undefined
          ? Option.none()
          : Option.some(yield* Effect.option(pageCursor.decode(query.cursor)))
        // A cursor this store did not issue cannot say where a page ends; "no more candidates" ends a
        // client's paging loop instead of restarting it from the first page (as the in-memory store).
        if (Option.isSome(after) && Option.isNone(after.value)) {
          return { candidates: [], next: null } satisfies CandidateStore.CandidatePage
        }
        const position = Option.flatten(after)
        const rows = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: CandidateRow,
          execute: () =>
            sql`
              SELECT state, version FROM candidates
              WHERE team_id = ${teamId}
                ${query.inviteState === undefined ? sql`` : sql`AND invite_state = ${query.inviteState}`}
                ${
              Option.match(position, {
                onNone: () => sql``,
                onSome: ([updatedAt, opportunityId]) =>
                  sql`AND (updated_at, opportunity_id) < (${updatedAt}, ${opportunityId})`
              })
            }
              ORDER BY updated_at DESC, opportunity_id DESC
              LIMIT ${limit + 1}`
        })(undefined)
        const candidates = rows.slice(0, limit).map((row) => row.state)
        const last = candidates[candidates.length - 1]
        const next = rows.length > limit && last !== undefined
          ? yield* pageCursor.encode([last.updatedAt, last.opportunityId])
          : null
        return { candidates, next } satisfies CandidateStore.CandidatePage
      },
      StoreFailure.mapErrors("CandidateStore.list")
    )

    const findByInterviewId = Effect.fn("CandidateStoreSql.findByInterviewId")(
      function*(teamId: Ids.TeamId, interviewId: Ids.InterviewId) {
        return yield* SqlSchema.findOneOption({
          Request: Schema.Void,
          Result: CandidateRow,
          execute: () =>
            sql`SELECT state, version ${CandidateByInterview.newest(sql, teamId, interviewId)}`
        })(undefined)
      },
      StoreFailure.mapErrors("CandidateStore.findByInterviewId")
    )

    return CandidateStore.CandidateStore.of({ get, getJournaled, save, saveJournaled, appendTimeline, timeline, erase, list, findByInterviewId })
  }
)

/**
 * The `CandidateStore` over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<CandidateStore.CandidateStore, never, SqlClient.SqlClient> = Layer.effect(
  CandidateStore.CandidateStore,
  make
)
