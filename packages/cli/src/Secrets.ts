/**
 * Reading a secret (a Lever key, a signing token) without echoing it: from a flag when given (`-`
 * means "read it"), else from a hidden prompt when stdin is a terminal, else from stdin (`echo "$KEY" |
 * fulcrum setup key ...`). The value stays `Redacted` until it goes into the request body.
 *
 * @since 0.1.0
 */
import { Effect, Option, Redacted } from "effect"
import { Prompt } from "effect/cli"
import { UsageError } from "./CliExit.ts"

const readStdin = Effect.promise(async () => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString("utf8")
})

/**
 * The secret of `flag`, or read as described above. `what` names it in the prompt and errors ("Lever
 * permanent key").
 *
 * @since 0.1.0
 */
export const read = (what: string, flag: Option.Option<Redacted.Redacted<string>>) =>
  Effect.gen(function*() {
    if (Option.isSome(flag) && Redacted.value(flag.value) !== "-") return flag.value
    const text = process.stdin.isTTY === true
      ? Redacted.value(yield* Prompt.run(Prompt.Password({ message: what })))
      : yield* readStdin
    const value = text.trim()
    if (value === "") return yield* new UsageError({ message: `no ${what}: pass it on stdin, at the prompt or with its flag` })
    return Redacted.make(value)
  })

/**
 * An optional secret: absent flag → none (the API falls back to what it stores); `-` → read as above.
 *
 * @since 0.1.0
 */
export const readOptional = (what: string, flag: Option.Option<Redacted.Redacted<string>>) =>
  Option.isNone(flag) ? Effect.succeed(Option.none<Redacted.Redacted<string>>()) : Effect.map(read(what, flag), Option.some)
