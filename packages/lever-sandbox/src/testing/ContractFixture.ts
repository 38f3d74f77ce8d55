/**
 * The `LeverApiContract` kit's `LeverFixture` over a sandbox, for either face (the in-process `LeverApi`
 * or `@fulcrum/lever-http` over the sandbox's HTTP): keys with exactly the permissions the kit asks for,
 * created through the control handle, and the recruiter's side (create candidates, read notes) through the
 * same handle.
 *
 * @example
 * ```ts
 * import { LeverApiContract } from "@fulcrum/core/testing"
 * import { InProcess } from "@fulcrum/lever-sandbox"
import { ContractFixture } from "@fulcrum/lever-sandbox/testing"
 *
 * LeverApiContract.suite("LeverHttp against the sandbox", {
 *   layer: Layer.mergeAll(
 *     LeverHttp.layer().pipe(Layer.provide(NodeHttpClient.layerUndici)),
 *     ContractFixture.layer(LeverApiContract.LeverFixture, Effect.service(LeverSandbox.LeverSandbox))
 *   ).pipe(Layer.provide(LeverSandbox.layer()))
 * })
 * ```
 *
 * @since 0.2.0
 */
import { LeverApi } from "@fulcrum/core"
import type { LeverApiContract } from "@fulcrum/core/testing"
import { Ids, Lever } from "@fulcrum/domain"
import { type Context, Effect, Layer, Redacted, Schema } from "effect"
import type { Control } from "../Control.ts"
import { toLeverPosting } from "../InProcess.ts"
import type { Permission } from "../Permission.ts"

type Fixture = LeverApiContract.LeverFixture

const permanent: ReadonlyArray<Permission> = [
  ...(LeverApi.requiredPermissions.permanent as ReadonlyArray<Permission>),
  "notes:read:admin",
  "tags:read:admin",
  Lever.progressTagPermission,
  Lever.postingsPermission
]

const setup: ReadonlyArray<Permission> = [
  ...(LeverApi.requiredPermissions.setup as ReadonlyArray<Permission>),
  ...Lever.webhookPermissions
]

/**
 * The fixture as a layer of `tag` (the kit's `LeverFixture`, passed in so this module loads no test
 * runner), over the sandbox `sandbox` finds: its control handle, and the base URL targets carry.
 *
 * @since 0.2.0
 */
export const layer = <R>(
  tag: Context.Key<Fixture, Fixture["Service"]>,
  sandbox: Effect.Effect<{ readonly baseUrl: string; readonly control: Control }, never, R>
): Layer.Layer<Fixture, unknown, R> =>
  Layer.effect(
    tag,
    Effect.gen(function*() {
      const { baseUrl: url, control } = yield* sandbox
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

      return {
        target: (credentials) =>
          Effect.succeed({
            teamId: Ids.TeamId.make("kit-team"),
            baseUrl: url,
            credentials: LeverApi.apiKey(Redacted.make(keys[credentials]))
          }),
        stages: Effect.flatMap(control.stages.list(), Schema.decodeUnknownEffect(Schema.Array(Lever.LeverStage))),
        archiveReasons: Effect.flatMap(
          control.archiveReasons.list(),
          Schema.decodeUnknownEffect(Schema.Array(Lever.LeverArchiveReason))
        ),
        postings: Effect.map(control.postings.list(), (postings) => postings.map(toLeverPosting)),
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
      } satisfies Fixture["Service"]
    })
  )
