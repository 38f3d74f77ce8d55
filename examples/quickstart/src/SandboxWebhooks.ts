/**
 * The Lever sandbox's webhooks, kept in the data dir between starts. The sandbox lives in memory, so
 * without this every start would find none and the demo team would register both again (new signing
 * tokens, two admin API calls and two writes). Saved after the demo team's setup and put back into the
 * new sandbox before it, with their ids and signing tokens, the registrations Fulcrum stored stay
 * valid: a warm start registers nothing.
 *
 * The file holds the signing tokens, so it is written like the other secrets of the data dir: owner
 * only (0600). One that cannot be read back (edited, from another version) is ignored: the demo team
 * then registers the webhooks again, as on a first start.
 *
 * @since 0.2.0
 */
import { type Control, Webhook } from "@fulcrum/lever-sandbox"
import { Effect, Option, Schema } from "effect"
import { readFile, rename, writeFile } from "node:fs/promises"
import { join } from "node:path"

/** The file's name in the data dir. @since 0.2.0 */
export const fileName = "lever-sandbox-webhooks.json"

const Saved = Schema.fromJsonString(Schema.Array(Webhook.Webhook))
const decodeSaved = Schema.decodeUnknownOption(Saved)
const encodeSaved = Schema.encodeSync(Saved)

/**
 * Puts the saved webhooks back into a sandbox that has just started; how many.
 *
 * @since 0.2.0
 */
export const restore = Effect.fn("SandboxWebhooks.restore")(function*(control: Control.Control, dataDir: string) {
  const file = join(dataDir, fileName)
  const text = yield* Effect.promise(() => readFile(file, "utf8").catch(() => undefined))
  if (text === undefined) return 0
  const saved = decodeSaved(text)
  if (Option.isNone(saved)) {
    yield* Effect.logWarning("the saved sandbox webhooks could not be read; the demo team registers them again").pipe(
      Effect.annotateLogs({ file })
    )
    return 0
  }
  for (const webhook of saved.value) yield* control.webhooks.restore(webhook)
  return saved.value.length
})

/**
 * Writes the sandbox's webhooks to the data dir (replacing the file whole, so a crash leaves the old
 * one or the new one).
 *
 * @since 0.2.0
 */
export const save = Effect.fn("SandboxWebhooks.save")(function*(control: Control.Control, dataDir: string) {
  const file = join(dataDir, fileName)
  const text = encodeSaved(yield* control.webhooks.list())
  yield* Effect.tryPromise(async () => {
    await writeFile(`${file}.tmp`, text, { mode: 0o600 })
    await rename(`${file}.tmp`, file)
  }).pipe(
    // Losing it costs the next start two registrations, nothing more.
    Effect.catch((error) =>
      Effect.logWarning("could not save the sandbox webhooks").pipe(Effect.annotateLogs({ file, error: String(error) }))
    )
  )
})
