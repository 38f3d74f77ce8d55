/**
 * The page's only way to Fulcrum: the typed client of `@fulcrum/api`, run as a Promise, with every
 * failure turned into an {@link ApiFailure} that says in plain words what happened and what to do:
 * retry later (502/503, no network), fix a field (400/422, with the field it concerns), sign in again
 * (401).
 */
import { FulcrumClient } from "@fulcrum/api"
import { Effect, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"

/** What went wrong with a request, for the person at the screen. */
export class ApiFailure extends Error {
  /** `retry`: try again later; `input`: change what was typed; `signIn`: the token is wrong; `other`. */
  readonly kind: "retry" | "input" | "signIn" | "notFound" | "forbidden" | "other"
  /** The fields this concerns, by their request path (`$.payload.key`), with what is wrong with each. */
  readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }>
  /** A stable code for 422s (`LeverKeyRejected`, `StageMappedTwice`, ...). */
  readonly reason: string | undefined
  /** Lever permissions a key lacks, when Lever said so. */
  readonly missingPermissions: ReadonlyArray<string>
  constructor(
    kind: ApiFailure["kind"],
    message: string,
    problems: ReadonlyArray<{ readonly path: string; readonly message: string }> = [],
    reason: string | undefined = undefined,
    missingPermissions: ReadonlyArray<string> = []
  ) {
    super(message)
    this.kind = kind
    this.problems = problems
    this.reason = reason
    this.missingPermissions = missingPermissions
  }
}

const retryLater = "Try again in a moment."

/** The failure a client error stands for. */
export const failureOf = (error: unknown): ApiFailure => {
  if (error instanceof ApiFailure) return error
  const tagged = error as { readonly _tag?: string; readonly message?: string } | null
  const message = typeof tagged?.message === "string" ? tagged.message : ""
  switch (tagged?._tag) {
    case "InvalidRequest": {
      const problems = (error as { problems?: ReadonlyArray<{ path: string; message: string }> }).problems ?? []
      return new ApiFailure("input", message, problems)
    }
    case "Unprocessable": {
      const { missingPermissions, reason } = error as { reason: string; missingPermissions?: ReadonlyArray<string> }
      return new ApiFailure("input", message, [], reason, missingPermissions ?? [])
    }
    case "Unauthorized":
      return new ApiFailure("signIn", "This token was not accepted. Sign in again with a valid token.")
    case "Forbidden":
      return new ApiFailure("forbidden", message || "This token may not do that.")
    case "NotFound":
      return new ApiFailure("notFound", message || "Not found.")
    case "LeverUnavailable":
      return new ApiFailure("retry", `${message || "Lever did not answer."} ${retryLater}`)
    case "ProviderUnavailable":
      return new ApiFailure("retry", `${message || "The assessment provider did not answer."} ${retryLater}`)
    case "ServiceUnavailable":
      return new ApiFailure("retry", `${message || "Fulcrum is busy."} ${retryLater}`)
    case "PayloadTooLarge":
      return new ApiFailure("input", message || "That is too large.")
    case "HttpClientError":
      return new ApiFailure("retry", `Fulcrum could not be reached. Check your connection. ${retryLater}`)
    default:
      return new ApiFailure("other", message ? `Unexpected answer: ${message}` : "Something went wrong. " + retryLater)
  }
}

/** A client bound to one token. */
export interface Api {
  readonly call: <A, E>(request: (client: FulcrumClient.Client) => Effect.Effect<A, E>) => Promise<A>
}

/** Makes the page's client for a token, against the origin that served the page. */
export const make = (token: string, baseUrl: string = location.origin): Api => {
  // Built once per token: deriving the client from the API definition is the costly part, not a request.
  let client: Promise<FulcrumClient.Client> | undefined
  const built = () =>
    client ??= Effect.runPromise(
      FulcrumClient.make({ baseUrl, token: Redacted.make(token) }).pipe(Effect.provide(FetchHttpClient.layer))
    )
  return {
    call: async (request) =>
      Effect.runPromise(
        request(await built()).pipe(
          Effect.mapError(failureOf),
          Effect.catchDefect((defect) => Effect.fail(failureOf(defect)))
        )
      )
  }
}
