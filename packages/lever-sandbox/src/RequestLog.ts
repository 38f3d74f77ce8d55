/**
 * Every API request the sandbox answered: who (API key or OAuth grant), what, and the status. Tests count
 * 429s, check that a key never called an endpoint, or detect a note POSTed twice.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import { Store } from "./Store.ts"

/**
 * Who made a request: an API key (by id), an OAuth grant (by id), or nobody recognised (`anonymous`).
 *
 * @since 0.1.0
 */
export const PrincipalKind = Schema.Literals(["apiKey", "oauth", "anonymous"])

/**
 * One answered request. `path` excludes the query string; `query` keeps it (raw).
 *
 * @since 0.1.0
 */
export const Entry = Schema.Struct({
  at: Schema.Number,
  method: Schema.String,
  path: Schema.String,
  query: Schema.String,
  principalKind: PrincipalKind,
  principalId: Schema.NullOr(Schema.String),
  status: Schema.Int,
  durationMs: Schema.Number
})

/** The type {@link Entry} decodes to. @since 0.1.0 */
export type Entry = typeof Entry.Type

/**
 * Filters for `list`/`count`. `principal` matches a key id, a grant id, or an API key secret; `path`
 * matches exactly or, as a RegExp, by test.
 *
 * @since 0.1.0
 */
export interface Filter {
  readonly principal?: string | undefined
  readonly status?: number | undefined
  readonly method?: string | undefined
  readonly path?: string | RegExp | undefined
  readonly since?: number | undefined
}

/**
 * Request counts, overall and grouped.
 *
 * @since 0.1.0
 */
export interface Counts {
  readonly total: number
  /** `"apiKey:key_permanent"`, `"oauth:<grantId>"`, `"anonymous"` → count. */
  readonly byPrincipal: Readonly<Record<string, number>>
  /** `"429"` → count. */
  readonly byStatus: Readonly<Record<string, number>>
  /** principal → status → count. */
  readonly byPrincipalAndStatus: Readonly<Record<string, Readonly<Record<string, number>>>>
}

/**
 * The request log service. It keeps the last 20,000 entries.
 *
 * @since 0.1.0
 */
export class RequestLog extends Context.Service<RequestLog, {
  readonly record: (entry: Entry) => Effect.Effect<void>
  readonly list: (filter?: Filter) => Effect.Effect<ReadonlyArray<Entry>>
  readonly count: (filter?: Filter) => Effect.Effect<number>
  readonly counts: (filter?: Filter) => Effect.Effect<Counts>
  readonly clear: Effect.Effect<void>
}>()("@fulcrum/lever-sandbox/RequestLog") {}

const capacity = 20_000

/**
 * The label used for grouping: `apiKey:<id>`, `oauth:<grantId>` or `anonymous`.
 *
 * @since 0.1.0
 */
export const principalLabel = (entry: Entry): string =>
  entry.principalKind === "anonymous" ? "anonymous" : `${entry.principalKind}:${entry.principalId}`

/**
 * A request log. Filters may name an API key by its secret; it is resolved to the key id in the `Store`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<RequestLog, never, Store> = Layer.effect(
  RequestLog,
  Effect.gen(function*() {
    const store = yield* Store
    let entries: Array<Entry> = []
    const resolveKey = (secretOrId: string) =>
      store.read((state) => {
        for (const key of state.apiKeys.values()) if (key.key === secretOrId) return key.id
        return secretOrId
      })

    const select = Effect.fnUntraced(function*(filter: Filter | undefined) {
      if (filter === undefined) return entries.slice()
      const principal = filter.principal === undefined ? undefined : yield* resolveKey(filter.principal)
      return entries.filter((e) =>
        (principal === undefined || e.principalId === principal || principalLabel(e) === principal) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.since === undefined || e.at >= filter.since) &&
        (filter.path === undefined ||
          (typeof filter.path === "string" ? e.path === filter.path : filter.path.test(e.path)))
      )
    })

    return RequestLog.of({
      record: (entry) =>
        Effect.sync(() => {
          entries.push(entry)
          if (entries.length > capacity) entries = entries.slice(entries.length - capacity)
        }),
      list: select,
      count: (filter) => Effect.map(select(filter), (l) => l.length),
      counts: (filter) =>
        Effect.map(select(filter), (list) => {
          const byPrincipal: Record<string, number> = {}
          const byStatus: Record<string, number> = {}
          const both: Record<string, Record<string, number>> = {}
          for (const e of list) {
            const p = principalLabel(e)
            const s = String(e.status)
            byPrincipal[p] = (byPrincipal[p] ?? 0) + 1
            byStatus[s] = (byStatus[s] ?? 0) + 1
            const row = both[p] ?? {}
            row[s] = (row[s] ?? 0) + 1
            both[p] = row
          }
          return { total: list.length, byPrincipal, byStatus, byPrincipalAndStatus: both }
        }),
      clear: Effect.sync(() => {
        entries = []
      })
    })
  })
)
