/**
 * The contract kit's `LeverFixture` over `@fulcrum/lever-sandbox`: keys with exactly the permissions the
 * kit asks for, created through the sandbox's control handle, and the recruiter's side (create candidates,
 * read notes) through the same handle. The adapter under test only ever talks HTTP to the sandbox.
 */
import { LeverApi } from "@fulcrum/core"
import { LeverApiContract } from "@fulcrum/core/testing"
import { Ids, Lever, Posting } from "@fulcrum/domain"
import { LeverSandbox, type Permission as SandboxPermission } from "@fulcrum/lever-sandbox"
import { Effect, Layer, Redacted, Schema } from "effect"
import { teamId } from "./Harness.ts"

type Permission = SandboxPermission.Permission

const permanent: ReadonlyArray<Permission> = [
  ...(LeverApi.requiredPermissions.permanent as ReadonlyArray<Permission>),
  "notes:read:admin",
  "tags:read:admin",
  Lever.progressTagPermission,
  Lever.postingsPermission
]

const setup: ReadonlyArray<Permission> = [
  ...(LeverApi.requiredPermissions.setup as ReadonlyArray<Permission>),
  "webhooks:read:admin",
  "webhooks:write:admin"
]

/** The fixture, built against the `LeverSandbox` in context. */
export const layer: Layer.Layer<LeverApiContract.LeverFixture, unknown, LeverSandbox.LeverSandbox> = Layer.effect(
  LeverApiContract.LeverFixture,
  Effect.gen(function*() {
    const sandbox = yield* LeverSandbox.LeverSandbox
    const { control } = sandbox
    const create = (name: string, permissions: ReadonlyArray<Permission>, confidential = false) =>
      Effect.map(control.keys.create({ name, permissions, confidential }), (key) => key.key)
    const keys: Record<LeverApiContract.FixtureCredentials, string> = {
      setup: yield* create("kit setup", setup),
      permanent: yield* create("kit permanent", permanent),
      confidential: yield* create("kit confidential", permanent, true),
      noNotesPermission: yield* create("kit no notes", permanent.filter((p) => p !== "notes:write:admin")),
      revoked: yield* create("kit revoked", permanent)
    }
    yield* control.keys.revoke(keys.revoked)

    return LeverApiContract.LeverFixture.of({
      target: (credentials) =>
        Effect.succeed({
          teamId: teamId("kit-team"),
          baseUrl: sandbox.baseUrl,
          credentials: LeverApi.apiKey(Redacted.make(keys[credentials]))
        }),
      stages: Effect.flatMap(control.stages.list(), Schema.decodeUnknownEffect(Schema.Array(Lever.LeverStage))),
      archiveReasons: Effect.flatMap(
        control.archiveReasons.list(),
        Schema.decodeUnknownEffect(Schema.Array(Lever.LeverArchiveReason))
      ),
      postings: Effect.flatMap(
        control.postings.list(),
        (postings) =>
          Schema.decodeUnknownEffect(Schema.Array(Posting.LeverPosting))(postings.map((p) => ({
            id: p.id,
            text: p.text,
            state: p.state,
            team: p.categories.team,
            department: p.categories.department,
            location: p.categories.location,
            commitment: p.categories.commitment
          })))
      ),
      createOpportunity: (o) =>
        control.createOpportunity({
          name: o.name,
          emails: [...o.emails],
          tags: [...o.tags],
          stage: o.stageId,
          confidential: o.confidential,
          ...(o.archiveReasonId === undefined ? {} : { archived: { reason: o.archiveReasonId } }),
          ...(o.postingId === undefined ? {} : { posting: o.postingId })
        }).pipe(Effect.flatMap((created) => Schema.decodeUnknownEffect(Ids.OpportunityId)(created.id))),
      readNotes: (id) =>
        Effect.map(control.listNotes(id), (notes) =>
          notes.map((note) => ({ value: note.fields.map((field) => field.value).join("\n") })))
    })
  })
)
