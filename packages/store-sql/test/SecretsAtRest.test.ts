import { assert, describe, it, layer } from "@effect/vitest"
import { StoreError } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { ConfigStoreSql, SecretCipher, SecretRotation } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"
import { createdTeam } from "./support/Teams.ts"

const key = (fill: number) => Buffer.alloc(32, fill).toString("base64")
const cipherA = SecretCipher.layer({ current: Redacted.make(`a:${key(1)}`) })
const cipherB = SecretCipher.layer({ current: Redacted.make(`b:${key(2)}`) })
const cipherBafterA = SecretCipher.layer({
  current: Redacted.make(`b:${key(2)}`),
  previous: [Redacted.make(`a:${key(1)}`)]
})
const cipherC = SecretCipher.layer({ current: Redacted.make(`c:${key(3)}`) })
/** Claims the id "a" with other key material: what a misconfigured deployment would hold. */
const impostorA = SecretCipher.layer({ current: Redacted.make(`a:${key(4)}`) })


const newTeam = (label: string) => Ids.TeamId.make(`secrets-${label}-${crypto.randomUUID()}`)

/** The ConfigStore over the test database, sealing with `cipher`. */
const storeWith = (cipher: Layer.Layer<SecretCipher.SecretCipher, SecretCipher.InvalidSecretKey>) =>
  Effect.provide(ConfigStoreSql.make, cipher)

const RawRow = Schema.Struct({
  key_id: Schema.String,
  nonce: Schema.Uint8Array,
  ciphertext: Schema.Uint8Array,
  auth_tag: Schema.Uint8Array,
  as_text: Schema.String
})

/** Every stored column of a team's secrets, as bytes and as the row's text form. */
const rawSecrets = (teamId: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql`
      SELECT key_id, nonce, ciphertext, auth_tag, s::text AS as_text FROM team_secrets s
      WHERE team_id = ${teamId} ORDER BY name`
    return yield* Schema.decodeUnknownEffect(Schema.Array(RawRow))(rows)
  })

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(layer_, { excludeTestServices: true, timeout: 60_000 })(`secrets at rest on ${database}`, (it) => {
    it.effect("stores no plaintext: the raw columns hold neither the secret's text nor its bytes", () =>
      Effect.gen(function*() {
        const store = yield* storeWith(cipherA)
        const teamId = newTeam("raw")
        const secret = `lever-permanent-key-${crypto.randomUUID()}`
        yield* store.create(createdTeam(teamId))
        yield* store.putSecret(teamId, "permanentKey", Redacted.make(secret))
        yield* store.putSecret(teamId, "signingToken:stageChange", Redacted.make(secret))
        const rows = yield* rawSecrets(teamId)
        assert.strictEqual(rows.length, 2)
        const bytes = Buffer.from(secret, "utf8")
        for (const row of rows) {
          assert.strictEqual(row.key_id, "a")
          assert.strictEqual(row.nonce.length, 12)
          assert.strictEqual(row.auth_tag.length, 16)
          for (const column of [row.nonce, row.ciphertext, row.auth_tag]) {
            assert.strictEqual(Buffer.from(column).indexOf(bytes), -1)
          }
          assert.notInclude(row.as_text, secret)
          assert.notInclude(row.as_text, bytes.toString("hex"))
        }
        // Two puts of one secret never share a nonce.
        assert.notDeepEqual(rows[0]!.nonce, rows[1]!.nonce)
        const read = yield* store.getSecret(teamId, "permanentKey")
        assert.deepStrictEqual(Option.map(read, Redacted.value), Option.some(secret))
      }))

    it.effect("fails with a StoreError under the wrong key, and for a value moved to another team", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const store = yield* storeWith(cipherA)
        const teamId = newTeam("wrong-key")
        const other = newTeam("wrong-key-other")
        const secret = `signing-token-${crypto.randomUUID()}`
        yield* store.create(createdTeam(teamId))
        yield* store.create(createdTeam(other))
        yield* store.putSecret(teamId, "signingToken:stageChange", Redacted.make(secret))

        const impostor = yield* storeWith(impostorA)
        const wrong = yield* Effect.flip(impostor.getSecret(teamId, "signingToken:stageChange"))
        assert.instanceOf(wrong, StoreError.StoreError)
        assert.strictEqual(wrong.operation, "ConfigStore.getSecret")
        assert.include(wrong.message, "\"a\"")
        assert.notInclude(wrong.message, secret)

        const stranger = yield* storeWith(cipherC)
        const unknown = yield* Effect.flip(stranger.getSecret(teamId, "signingToken:stageChange"))
        assert.strictEqual(unknown._tag, "StoreError")
        assert.include(unknown.message, "neither the current key nor one of the previous keys")

        // A sealed value copied onto another team's row does not open there.
        yield* sql`
          INSERT INTO team_secrets (team_id, name, key_id, nonce, ciphertext, auth_tag)
          SELECT ${other}, name, key_id, nonce, ciphertext, auth_tag FROM team_secrets
          WHERE team_id = ${teamId} AND name = 'signingToken:stageChange'`
        const moved = yield* Effect.flip(store.getSecret(other, "signingToken:stageChange"))
        assert.strictEqual(moved._tag, "StoreError")
        assert.notInclude(moved.message, secret)
      }))

    it.effect("rotates every secret to the current key; old keys can then be dropped", () =>
      Effect.gen(function*() {
        const underA = yield* storeWith(cipherA)
        const teams = [newTeam("rotate-1"), newTeam("rotate-2")]
        const stray = newTeam("rotate-stray")
        const values = new Map<string, string>()
        for (const teamId of [...teams, stray]) yield* underA.create(createdTeam(teamId))
        for (const teamId of teams) {
          for (const name of ["permanentKey", "signingToken:archiveChange"] as const) {
            const value = `${name}-${crypto.randomUUID()}`
            values.set(`${teamId}/${name}`, value)
            yield* underA.putSecret(teamId, name, Redacted.make(value))
          }
        }
        // Sealed with a key the rotating deployment does not know: reported, left as it is.
        yield* Effect.flatMap(storeWith(cipherC), (s) => s.putSecret(stray, "permanentKey", Redacted.make("stray")))

        const rotating = yield* storeWith(cipherBafterA)
        // Before rotation, the previous key still opens what it sealed.
        const early = yield* rotating.getSecret(teams[0]!, "permanentKey")
        assert.deepStrictEqual(Option.map(early, Redacted.value), Option.some(values.get(`${teams[0]}/permanentKey`)))

        const report = yield* SecretRotation.rotate.pipe(Effect.provide(cipherBafterA))
        assert.isAtLeast(report.rotated, 4)
        const strayFailure = report.failed.find((f) => f.teamId === stray)
        assert.deepStrictEqual(strayFailure && [strayFailure.name, strayFailure.keyId], ["permanentKey", "c"])
        for (const teamId of teams) {
          assert.deepStrictEqual((yield* rawSecrets(teamId)).map((row) => row.key_id), ["b", "b"])
        }
        assert.deepStrictEqual((yield* rawSecrets(stray)).map((row) => row.key_id), ["c"])

        // Only the new key is needed now.
        const onlyB = yield* storeWith(cipherB)
        for (const teamId of teams) {
          for (const name of ["permanentKey", "signingToken:archiveChange"] as const) {
            const read = yield* onlyB.getSecret(teamId, name)
            assert.deepStrictEqual(Option.map(read, Redacted.value), Option.some(values.get(`${teamId}/${name}`)))
          }
        }
        const again = yield* SecretRotation.rotate.pipe(Effect.provide(cipherBafterA))
        assert.strictEqual(again.rotated, 0)
        assert.isTrue(again.failed.some((f) => f.teamId === stray))
      }))
  })

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`secrets at rest on PostgreSQL (${postgresSkipReason})`, () => {
    it("stores no plaintext, fails under the wrong key, rotates", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}
