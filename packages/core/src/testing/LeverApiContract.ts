/**
 * The contract of the `LeverApi` port: what every adapter must do, checked against a Lever it can set up
 * data in. An adapter package provides its `LeverApi` together with a `LeverFixture` (how the kit reaches
 * the Lever under test as "the recruiter") and calls `suite`.
 *
 * The suite shares one layer across its tests and runs on the live clock (adapters may sleep between
 * retries). Every test creates its own candidates with names and tags unique to the run, so the account
 * may already hold data.
 *
 * @example
 * ```ts
 * import { LeverApiContract } from "@fulcrum/core/testing"
 *
 * LeverApiContract.suite("LeverApi over HTTP", {
 *   layer: LeverHttp.layer.pipe(Layer.provideMerge(SandboxFixture))
 * })
 * ```
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import type { Ids, Lever, Posting } from "@fulcrum/domain"
import { Context, Effect, Redacted } from "effect"
import type { Layer } from "effect"
import { apiKey, LeverApi, requiredPermissions } from "../ports/LeverApi.ts"
import type { LeverError, LeverTarget, PermissionNeeds } from "../ports/LeverApi.ts"
import { describeShared, runId } from "./internal/kit.ts"

/**
 * The credentials the kit asks the fixture for, all of the same Lever account:
 * - `setup`: exactly the setup permissions (`requiredPermissions.setup`) plus `webhooks:read:admin` and
 *   `webhooks:write:admin`; none of `opportunities:read:admin`, `notes:write:admin`;
 * - `permanent`: `requiredPermissions.permanent` plus `notes:read:admin`, `tags:read:admin` and
 *   `opportunities:write:admin` (`Lever.progressTagPermission`, which `addTags`/`removeTags` need) and
 *   `postings:read:admin` (`Lever.postingsPermission`); no access to confidential data;
 * - `confidential`: like `permanent`, with access to confidential data;
 * - `revoked`: credentials that were valid and have been revoked;
 * - `noNotesPermission`: like `permanent` without `notes:write:admin`.
 *
 * @since 0.1.0
 */
export type FixtureCredentials = "setup" | "permanent" | "confidential" | "revoked" | "noNotesPermission"

/** A candidate the fixture creates, as a recruiter would in Lever. @since 0.1.0 */
export interface FixtureOpportunity {
  readonly name: string
  readonly emails: ReadonlyArray<string>
  readonly tags: ReadonlyArray<string>
  readonly stageId: Ids.StageId
  readonly confidential: boolean
  /** Create it archived with this reason. */
  readonly archiveReasonId?: Ids.ArchiveReasonId
  /** Create it with an application to this posting (one of the fixture's `postings`). */
  readonly postingId?: Ids.PostingId
}

/**
 * What the kit needs from the Lever under test besides the adapter: credentials, the catalog it can
 * expect, and the recruiter's side (create candidates, read the notes Fulcrum posted).
 *
 * @since 0.1.0
 */
export class LeverFixture extends Context.Service<LeverFixture, {
  readonly target: (credentials: FixtureCredentials) => Effect.Effect<LeverTarget, unknown>
  /** Stages the account has (at least two); `listStages` must return each of them. */
  readonly stages: Effect.Effect<ReadonlyArray<Lever.LeverStage>, unknown>
  /** Archive reasons the account has (at least one); `listArchiveReasons` must return each of them. */
  readonly archiveReasons: Effect.Effect<ReadonlyArray<Lever.LeverArchiveReason>, unknown>
  /** Job postings the account has (at least one); `listPostings` must return each of them. */
  readonly postings: Effect.Effect<ReadonlyArray<Posting.LeverPosting>, unknown>
  readonly createOpportunity: (opportunity: FixtureOpportunity) => Effect.Effect<Ids.OpportunityId, unknown>
  /** The notes on an opportunity as the recruiter sees them in Lever. */
  readonly readNotes: (
    opportunityId: Ids.OpportunityId
  ) => Effect.Effect<ReadonlyArray<{ readonly value: string }>, unknown>
}>()("@fulcrum/core/testing/LeverFixture") {}

/** Options of `suite`. @since 0.1.0 */
export interface SuiteOptions<E> {
  readonly layer: Layer.Layer<LeverApi | LeverFixture, E>
  /** Per-test and layer-build timeout in milliseconds; default 30 000. */
  readonly timeout?: number
}

/** Runs a call that must fail and returns its error; a success fails the test. */
const failureOf = <A, R>(effect: Effect.Effect<A, LeverError, R>): Effect.Effect<LeverError, never, R> =>
  Effect.matchEffect(effect, {
    onFailure: Effect.succeed,
    onSuccess: (value) => Effect.die(new Error(`expected a Lever error, got a success: ${JSON.stringify(value)}`))
  })

const assertTag = (error: LeverError, tag: LeverError["_tag"]) =>
  assert.strictEqual(error._tag, tag, `expected ${tag}, got ${error._tag}: ${error.message}`)

/**
 * Registers the contract tests of the `LeverApi` port in a `describe` block named `name`.
 *
 * @example
 * ```ts
 * LeverApiContract.suite("the sandbox in-process", { layer: InProcessWithFixture })
 * ```
 *
 * @since 0.1.0
 */
export const suite = <E>(name: string, options: SuiteOptions<E>): void => {
  const run = runId()
  const unique = (label: string) => `kit-${run}-${label}`

  const twoStages = Effect.gen(function*() {
    const stages = yield* (yield* LeverFixture).stages
    const [first, second] = stages
    assert.isDefined(first, "the fixture must name at least two stages")
    assert.isDefined(second, "the fixture must name at least two stages")
    return [first!, second!] as const
  })

  const candidate = (label: string, overrides: Partial<FixtureOpportunity> = {}) =>
    Effect.gen(function*() {
      const fixture = yield* LeverFixture
      const [first] = yield* twoStages
      return yield* fixture.createOpportunity({
        name: `Kit ${label} ${run}`,
        emails: [`${unique(label)}@example.com`],
        tags: [],
        stageId: first.id,
        confidential: false,
        ...overrides
      })
    })

  const targetOf = (credentials: FixtureCredentials) =>
    Effect.gen(function*() {
      return yield* (yield* LeverFixture).target(credentials)
    })

  const timeout = options.timeout ?? 30_000

  // The live clock: an HTTP adapter sleeps between retries and rate-limit slots, which the TestClock would freeze.
  describeShared(name, options.layer, timeout, (it) => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, LeverApi | LeverFixture>) =>
      it.effect(title, body, timeout)

    test("listStages returns every stage of the account", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const expected = yield* (yield* LeverFixture).stages
        for (const credentials of ["setup", "permanent"] as const) {
          const stages = yield* lever.listStages(yield* targetOf(credentials))
          for (const stage of expected) {
            assert.deepInclude(stages, { id: stage.id, text: stage.text }, `${credentials} key misses ${stage.id}`)
          }
          assert.strictEqual(new Set(stages.map((s) => s.id)).size, stages.length, "stage ids are unique")
        }
      }))

    test("listArchiveReasons returns every reason with its status and type", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const expected = yield* (yield* LeverFixture).archiveReasons
        const reasons = yield* lever.listArchiveReasons(yield* targetOf("setup"))
        for (const reason of expected) assert.deepInclude(reasons, reason)
        assert.strictEqual(new Set(reasons.map((r) => r.id)).size, reasons.length, "reason ids are unique")
      }))

    test("listTags returns every tag, past the first page, with its count", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const tags = Array.from({ length: 120 }, (_, i) => unique(`tag-${String(i).padStart(3, "0")}`))
        yield* candidate("many-tags", { tags })
        const listed = yield* lever.listTags(yield* targetOf("setup"))
        const byText = new Map(listed.map((t) => [t.text, t.count]))
        for (const tag of tags) assert.strictEqual(byText.get(tag), 1, `tag ${tag}`)
        assert.strictEqual(byText.size, listed.length, "each tag is listed once")
      }))

    test("getOpportunity maps name, emails, tags, stage, archive status and confidentiality", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const [, second] = yield* twoStages
        const emails = [`${unique("map")}@example.com`, `${unique("map-2")}@example.org`]
        const tags = [unique("Map"), unique("map")]
        const id = yield* candidate("map", { emails, tags, stageId: second.id })
        const read = yield* lever.getOpportunity(yield* targetOf("permanent"), id)
        assert.strictEqual(read.id, id)
        assert.strictEqual(read.name, `Kit map ${run}`)
        assert.deepStrictEqual([...read.emails].sort(), [...emails].sort())
        assert.deepStrictEqual([...read.tags].sort(), [...tags].sort(), "tags are case-sensitive")
        assert.strictEqual(read.stageId, second.id)
        assert.isNull(read.archived)
        assert.isFalse(read.confidential)
      }))

    test("getOpportunity reads a candidate without email as an empty list", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const id = yield* candidate("no-email", { emails: [] })
        const read = yield* lever.getOpportunity(yield* targetOf("permanent"), id)
        assert.deepStrictEqual(read.emails, [])
      }))

    test("getOpportunity maps the archive reason and time", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const reasons = yield* (yield* LeverFixture).archiveReasons
        const reason = reasons[0]
        assert.isDefined(reason, "the fixture must name at least one archive reason")
        const id = yield* candidate("archived", { archiveReasonId: reason!.id })
        const read = yield* lever.getOpportunity(yield* targetOf("permanent"), id)
        assert.strictEqual(read.archived?.reason, reason!.id)
        assert.isNumber(read.archived?.archivedAt)
      }))

    test("a confidential candidate is readable only with confidential access", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const id = yield* candidate("confidential", { confidential: true })
        const read = yield* lever.getOpportunity(yield* targetOf("confidential"), id)
        assert.isTrue(read.confidential)
        const hidden = yield* failureOf(lever.getOpportunity(yield* targetOf("permanent"), id))
        assertTag(hidden, "LeverNotFound")
        const hiddenNotes = yield* failureOf(lever.listNotes(yield* targetOf("permanent"), id))
        assertTag(hiddenNotes, "LeverNotFound")
      }))

    test("an unknown opportunity is LeverNotFound", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const missing = unique("missing") as Ids.OpportunityId
        const error = yield* failureOf(lever.getOpportunity(yield* targetOf("confidential"), missing))
        assertTag(error, "LeverNotFound")
        if (error._tag === "LeverNotFound") assert.isAbove(error.endpoint.length, 0)
        const noteError = yield* failureOf(
          lever.addNote(yield* targetOf("permanent"), missing, { value: "never posted" })
        )
        assertTag(noteError, "LeverNotFound")
      }))

    test("addNote posts a note the recruiter sees and listNotes returns", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const fixture = yield* LeverFixture
        const id = yield* candidate("notes")
        const target = yield* targetOf("permanent")
        const value = `Assessment invite sent (${unique("note")})`
        const { noteId } = yield* lever.addNote(target, id, { value })
        assert.isAbove(noteId.length, 0)
        const second = yield* lever.addNote(target, id, { value: `${value} again`, score: 3 })
        assert.notStrictEqual(second.noteId, noteId)
        const notes = yield* lever.listNotes(target, id)
        assert.deepInclude(notes.map((n) => ({ id: n.id, value: n.value })), { id: noteId, value })
        assert.includeMembers(notes.map((n) => n.value), [value, `${value} again`])
        const seen = yield* fixture.readNotes(id)
        assert.includeMembers(seen.map((n) => n.value), [value, `${value} again`])
      }))

    test("addTags and removeTags change exactly the named tags, case-sensitively", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const keep = unique("keep")
        const id = yield* candidate("tags", { tags: [keep] })
        const target = yield* targetOf("permanent")
        const added = [unique("Invited"), unique("invited")]
        yield* lever.addTags(target, id, added)
        const afterAdd = yield* lever.getOpportunity(target, id)
        assert.sameMembers([...afterAdd.tags], [keep, ...added])
        yield* lever.removeTags(target, id, [unique("INVITED"), unique("Invited")])
        const afterRemove = yield* lever.getOpportunity(target, id)
        assert.sameMembers([...afterRemove.tags], [keep, unique("invited")])
      }))

    test("registerWebhook returns a Redacted signature token; listWebhooks and deleteWebhook agree", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const target = yield* targetOf("setup")
        const url = `https://fulcrum.example.com/webhooks/lever/${unique("team")}/stage-change`
        const registered = yield* lever.registerWebhook(target, { event: "candidateStageChange", url })
        assert.isAbove(registered.id.length, 0)
        assert.strictEqual(registered.event, "candidateStageChange")
        assert.strictEqual(registered.url, url)
        assert.isTrue(Redacted.isRedacted(registered.signatureToken))
        const token = Redacted.value(registered.signatureToken)
        assert.isAbove(token.length, 0)
        assert.notInclude(String(registered.signatureToken), token)
        assert.notInclude(JSON.stringify(registered), token)
        const listed = yield* lever.listWebhooks(target)
        assert.deepInclude(
          listed.map((w) => ({ id: w.id, event: w.event, url: w.url })),
          { id: registered.id, event: "candidateStageChange", url }
        )
        const other = yield* lever.registerWebhook(target, { event: "candidateArchiveChange", url: `${url}-2` })
        assert.notStrictEqual(Redacted.value(other.signatureToken), token, "each webhook has its own token")
        yield* lever.deleteWebhook(target, registered.id)
        yield* lever.deleteWebhook(target, other.id)
        const after = yield* lever.listWebhooks(target)
        assert.notInclude(after.map((w) => w.id), registered.id)
        assert.notInclude(after.map((w) => w.id), other.id)
        const again = yield* failureOf(lever.deleteWebhook(target, registered.id))
        assertTag(again, "LeverNotFound")
      }))

    test("revoked and unknown credentials are LeverUnauthorized, without the secret in the error", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const revoked = yield* targetOf("revoked")
        const setup = yield* targetOf("setup")
        const secret = `fulcrum-kit-unknown-${run}`
        const unknown: LeverTarget = { ...setup, credentials: apiKey(Redacted.make(secret)) }
        for (const target of [revoked, unknown]) {
          const error = yield* failureOf(lever.listStages(target))
          assertTag(error, "LeverUnauthorized")
          assert.notInclude(JSON.stringify(error), secret)
          assert.notInclude(error.message, secret)
          const check = yield* failureOf(lever.checkPermissions(target, { purpose: "setup" }))
          assertTag(check, "LeverUnauthorized")
        }
      }))

    test("a missing permission is LeverForbidden naming the endpoint and the permission", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const id = yield* candidate("forbidden")
        const note = yield* failureOf(lever.addNote(yield* targetOf("noNotesPermission"), id, { value: "x" }))
        assertTag(note, "LeverForbidden")
        if (note._tag === "LeverForbidden") {
          assert.include(note.endpoint, "notes")
          assert.strictEqual(note.permission, "notes:write:admin")
        }
        const read = yield* failureOf(lever.getOpportunity(yield* targetOf("setup"), id))
        assertTag(read, "LeverForbidden")
        if (read._tag === "LeverForbidden") {
          assert.include(read.endpoint, "opportunities")
          assert.strictEqual(read.permission, "opportunities:read:admin")
        }
        // Lever files a candidate's tag changes under opportunity writes, not under a tags permission.
        const tag = yield* failureOf(lever.addTags(yield* targetOf("setup"), id, [unique("tag")]))
        assertTag(tag, "LeverForbidden")
        if (tag._tag === "LeverForbidden") {
          assert.include(tag.endpoint, "addTags")
          assert.strictEqual(tag.permission, "opportunities:write:admin")
          assert.include(tag.message, "opportunities:write:admin")
        }
      }))

    test("checkPermissions reports what the setup and permanent keys miss", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const setup = yield* targetOf("setup")
        const permanent = yield* targetOf("permanent")
        // A setup key never reads candidates, so its confidential access is not probed.
        assert.deepStrictEqual(
          yield* lever.checkPermissions(setup, { purpose: "setup" }),
          { purpose: "setup", missing: [], confidentialAccess: "unknown" }
        )
        const permanentReport = yield* lever.checkPermissions(permanent, { purpose: "permanent" })
        assert.strictEqual(permanentReport.purpose, "permanent")
        assert.deepStrictEqual(permanentReport.missing, [])
        const setupAsPermanent = yield* lever.checkPermissions(setup, { purpose: "permanent" })
        assert.strictEqual(setupAsPermanent.purpose, "permanent")
        assert.includeMembers([...setupAsPermanent.missing], ["opportunities:read:admin", "notes:write:admin"])
        for (const p of setupAsPermanent.missing) assert.include(requiredPermissions.permanent, p)
        assert.strictEqual(setupAsPermanent.confidentialAccess, "unknown", "no candidate can be read to tell by")
        const noNotes = yield* lever.checkPermissions(yield* targetOf("noNotesPermission"), { purpose: "permanent" })
        assert.deepStrictEqual(noNotes.missing, ["notes:write:admin"])
      }))

    test("checkPermissions also checks what registering webhooks and progress tags need", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const setup = yield* targetOf("setup")
        const permanent = yield* targetOf("permanent")
        const registerWebhooks = { registerWebhooks: true }
        const progressTags = { progressTags: true }
        const check = (target: LeverTarget, purpose: "setup" | "permanent", needs: PermissionNeeds) =>
          Effect.map(lever.checkPermissions(target, { purpose, needs }), (report) => report.missing)
        assert.deepStrictEqual(yield* check(setup, "setup", registerWebhooks), [])
        assert.deepStrictEqual(
          yield* check(permanent, "permanent", registerWebhooks),
          ["webhooks:read:admin", "webhooks:write:admin"]
        )
        assert.deepStrictEqual(yield* check(permanent, "permanent", progressTags), [])
        assert.deepStrictEqual(yield* check(setup, "setup", progressTags), ["opportunities:write:admin"])
        assert.deepStrictEqual(
          yield* check(yield* targetOf("noNotesPermission"), "permanent", { ...progressTags, ...registerWebhooks }),
          ["notes:write:admin", "webhooks:read:admin", "webhooks:write:admin"]
        )
      }))

    test("listPostings returns every posting with its title, state and categories; getPosting reads one", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const expected = yield* (yield* LeverFixture).postings
        const target = yield* targetOf("permanent")
        const postings = yield* lever.listPostings(target)
        for (const posting of expected) assert.deepInclude(postings, posting)
        assert.strictEqual(new Set(postings.map((p) => p.id)).size, postings.length, "posting ids are unique")
        const first = expected[0]
        assert.isDefined(first, "the fixture must name at least one posting")
        assert.deepStrictEqual(yield* lever.getPosting(target, first!.id), first)
        const missing = yield* failureOf(lever.getPosting(target, unique("no-posting") as Ids.PostingId))
        assertTag(missing, "LeverNotFound")
      }))

    test("getOpportunity names the posting of the candidate's application, or null without one", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const [posting] = yield* (yield* LeverFixture).postings
        const target = yield* targetOf("permanent")
        const applied = yield* candidate("applied", { postingId: posting!.id })
        assert.deepStrictEqual((yield* lever.getOpportunity(target, applied)).posting, { id: posting!.id, title: null })
        const sourced = yield* candidate("sourced")
        assert.isNull((yield* lever.getOpportunity(target, sourced)).posting)
      }))

    test("postings need postings:read:admin: a key without it is LeverForbidden naming it", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        const setup = yield* targetOf("setup")
        const error = yield* failureOf(lever.listPostings(setup))
        assertTag(error, "LeverForbidden")
        if (error._tag === "LeverForbidden") assert.strictEqual(error.permission, "postings:read:admin")
        const report = yield* lever.checkPermissions(setup, { purpose: "setup", needs: { postings: true } })
        assert.deepStrictEqual(report.missing, ["postings:read:admin"])
        const permanent = yield* lever.checkPermissions(yield* targetOf("permanent"), {
          purpose: "permanent",
          needs: { postings: true }
        })
        assert.deepStrictEqual(permanent.missing, [])
      }))

    test("checkPermissions tells whether the permanent credentials may read confidential candidates", () =>
      Effect.gen(function*() {
        const lever = yield* LeverApi
        // Lever only shows confidential access through candidates: give it one of each kind to tell by.
        yield* candidate("access-confidential", { confidential: true })
        yield* candidate("access-open")
        const confidential = yield* lever.checkPermissions(yield* targetOf("confidential"), { purpose: "permanent" })
        assert.deepStrictEqual(confidential.missing, [])
        assert.isTrue(confidential.confidentialAccess)
        const permanent = yield* lever.checkPermissions(yield* targetOf("permanent"), { purpose: "permanent" })
        assert.deepStrictEqual(permanent.missing, [])
        assert.isFalse(permanent.confidentialAccess)
      }))
  })
}
