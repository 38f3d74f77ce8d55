/**
 * Test fixtures: a team in the memory stores with both signing tokens, and Lever webhook bodies signed
 * with node:crypto's `createHmac`, an implementation independent of the one under test.
 */
import { createHmac } from "node:crypto"
import { ConfigStore, MemoryStores, type SignatureVerifier } from "@fulcrum/core"
import { Ids, type Lever, Setup } from "@fulcrum/domain"
import { Effect, Layer, Redacted, Schema, Tracer } from "effect"
import { SignatureVerifierLever } from "../src/index.ts"

export const teamId = Schema.decodeUnknownSync(Ids.TeamId)("acme")
export const otherTeamId = Schema.decodeUnknownSync(Ids.TeamId)("globex")

/** The signing token of each webhook, as Lever shows it when the webhook is created. */
export const signingTokens = {
  stageChange: "5f0c1c2b8b7e4f65a3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8",
  archiveChange: "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"
} as const

/** Lever's documented test vector. */
export const vector = {
  signingToken: "test-signature-token",
  token: "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
  triggeredAt: 1431454330072,
  signature: "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
} as const

export const now = 1_750_000_000_000

/** The reference signature, computed without the code under test. */
export const referenceSignature = (signingToken: string, token: string, triggeredAt: number): string =>
  createHmac("sha256", signingToken).update(token + String(triggeredAt)).digest("hex")

export interface Body {
  readonly triggeredAt: number
  readonly event: string
  readonly data: unknown
  readonly token: string
  readonly signature: string
  readonly [extra: string]: unknown
}

/** `text` with the character at `index` replaced by a different one. */
export const changeAt = (text: string, index: number): string =>
  text.slice(0, index) + (text[index] === "0" ? "1" : "0") + text.slice(index + 1)

let counter = 0
/** A fresh 48-hex delivery token, distinct for each call. */
export const freshToken = (): string => (++counter).toString(16).padStart(48, "0")

export const stageChangeData = {
  opportunityId: "opp-1",
  candidateId: "opp-1",
  contactId: "contact-1",
  toStageId: "stage-assessment",
  fromStageId: "stage-new"
}

/** A body signed like Lever signs it; every field can be overridden. */
export const signedBody = (options: {
  readonly signingToken?: string
  readonly event?: string
  readonly data?: unknown
  readonly token?: string
  readonly triggeredAt?: number
} = {}): Body => {
  const token = options.token ?? freshToken()
  const triggeredAt = options.triggeredAt ?? now
  return {
    triggeredAt,
    event: options.event ?? "candidateStageChange",
    data: options.data ?? stageChangeData,
    token,
    signature: referenceSignature(options.signingToken ?? signingTokens.stageChange, token, triggeredAt)
  }
}

/** The webhook as the host hands it to the verifier. */
export const incoming = (
  body: unknown,
  options: { readonly receivedAt?: number; readonly webhook?: Lever.WebhookKind; readonly teamId?: Ids.TeamId } = {}
): SignatureVerifier.IncomingWebhook => ({
  teamId: options.teamId ?? teamId,
  webhook: options.webhook ?? "stageChange",
  rawBody: typeof body === "string" ? body : JSON.stringify(body),
  receivedAt: options.receivedAt ?? now
})

/** Creates a team and submits the given signing tokens (both by default). */
export const seedTeam = Effect.fnUntraced(function*(
  id: Ids.TeamId = teamId,
  tokens: Partial<Record<"stageChange" | "archiveChange", string>> = signingTokens
) {
  const store = yield* ConfigStore.ConfigStore
  yield* store.create(
    Setup.initial({ _tag: "TeamCreated", teamId: id, name: id, environment: { _tag: "Sandbox" }, at: 0 })
  )
  for (const [webhook, value] of Object.entries(tokens)) {
    yield* store.putSecret(
      id,
      ConfigStore.signingTokenName(webhook as "stageChange" | "archiveChange"),
      Redacted.make(value)
    )
  }
})

/** The verifier over fresh memory stores, the stores left visible to the test. */
export const layerWith = (options: Parameters<typeof SignatureVerifierLever.layer>[0] = {}) =>
  SignatureVerifierLever.layer(options).pipe(Layer.provideMerge(MemoryStores.layer))

/** A tracer that keeps every span it starts, for tests that read span names and attributes. */
export const recordingTracer = (): {
  readonly tracer: Tracer.Tracer
  readonly spans: ReadonlyArray<Tracer.NativeSpan>
} => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { tracer, spans }
}
