import { Effect } from "effect"

/** A decoded answer of the sandbox. */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  // Tests read arbitrary JSON fields.
  readonly body: any
}

/** Credentials for a call: an API key (HTTP Basic, empty password) or a bearer token. */
export type Auth = { readonly key: string } | { readonly bearer: string } | undefined

/** Calls `url` with `fetch`. A raw string path is appended verbatim (no re-encoding of `next` tokens). */
export const call = (
  url: string,
  options: {
    readonly method?: string
    readonly auth?: Auth
    readonly body?: unknown
    readonly headers?: Record<string, string>
    readonly redirect?: RequestRedirect
  } = {}
): Effect.Effect<Answer> =>
  Effect.promise(async () => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.auth !== undefined) {
      headers["authorization"] = "key" in options.auth
        ? `Basic ${Buffer.from(`${options.auth.key}:`).toString("base64")}`
        : `Bearer ${options.auth.bearer}`
    }
    let body: string | undefined
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body)
      headers["content-type"] ??= "application/json"
    }
    const response = await fetch(url, {
      method: options.method ?? "GET",
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: options.redirect ?? "follow"
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text === "" ? undefined : JSON.parse(text)
    } catch {
      // keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed }
  })
