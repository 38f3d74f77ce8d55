/**
 * Group commit for a statement many fibers run at once: at most `lanes` statements are in flight; a call
 * that finds a lane free runs alone, in its own fiber, exactly as without the coalescer (so a quiet host
 * pays nothing and waits for nothing); calls that arrive while every lane is busy wait and then go
 * together, up to `maxBatch`, as one statement when a lane frees.
 *
 * Why: a webhook ack is one short `INSERT` and its commit. Under load most of its cost is per statement
 * (the driver's encoding, a socket write and read, a wake-up, PostgreSQL's executor start and WAL flush),
 * not per row, so acks that are waiting anyway are cheaper as one statement. Each caller still gets its
 * own answer only after the statement that stored its item has committed: nothing is acknowledged
 * earlier than without batching.
 *
 * A caller interrupted while it waits leaves its item in the batch (it is stored, as an insert that
 * commits after its client gave up would be); only the answer is dropped.
 *
 * @internal
 */
import { Cause, Deferred, Effect, Exit, Option } from "effect"
import type { SqlClient } from "effect/sql"

/**
 * How a batch runs: `one` for a single item (the lane-free path and the fallback), `many` for two or
 * more, answering one `Exit` per item in order. When `many` fails as a whole (one bad row fails the
 * statement) every item is retried with `one`, so one item's failure is only its own.
 *
 * @internal
 */
export interface Options<A, B, E> {
  readonly lanes: number
  readonly maxBatch: number
  readonly one: (item: A) => Effect.Effect<B, E>
  readonly many: (items: ReadonlyArray<A>) => Effect.Effect<ReadonlyArray<Exit.Exit<B, E>>, E>
  /**
   * When it answers true, the item runs alone in the caller's fiber, lanes aside: for a caller inside a
   * transaction, whose connection only its own fiber holds (a batch runs in a fiber of its own, on
   * another connection, and could wait for a lock that transaction holds).
   */
  readonly alone?: Effect.Effect<boolean> | undefined
}

interface Waiting<A, B, E> {
  readonly item: A
  readonly answer: Deferred.Deferred<B, E>
}

/**
 * A function that runs `one` for an item, or batches it with others when every lane is busy.
 *
 * @internal
 */
export const make = <A, B, E>(options: Options<A, B, E>): (item: A) => Effect.Effect<B, E> => {
  let inFlight = 0
  let waiting: Array<Waiting<A, B, E>> = []

  // The answers are handed over in a microtask, once the batch's fiber has finished its current step:
  // completing a waiter resumes its fiber on the spot, and waiters (a whole request, or a test, each)
  // resumed inside the batch's fiber were seen, for a while, to leave that fiber suspended for good
  // (docs/benchmarks.md, "group commit of acks").
  const settle = (batch: ReadonlyArray<Waiting<A, B, E>>, exits: ReadonlyArray<Exit.Exit<B, E>>) =>
    Effect.sync(() =>
      queueMicrotask(() => {
        for (let index = 0; index < batch.length; index++) {
          Deferred.doneUnsafe(batch[index]!.answer, exits[index] ?? Exit.die(new Error("a batch answered too few rows")))
        }
      })
    )

  const runBatch = (batch: ReadonlyArray<Waiting<A, B, E>>): Effect.Effect<void> => {
    const items = batch.map((waiter) => waiter.item)
    const statement = batch.length === 1
      ? Effect.map(Effect.exit(options.one(items[0]!)), (exit) => [exit])
      : Effect.catchCause(
        options.many(items),
        (cause) =>
          Cause.hasInterruptsOnly(cause)
            ? Effect.failCause(cause)
            : Effect.forEach(items, (item) => Effect.exit(options.one(item)))
      )
    return Effect.matchCauseEffect(statement, {
      onSuccess: (exits) => settle(batch, exits),
      onFailure: (cause) => settle(batch, batch.map(() => Exit.failCause(cause)))
    }).pipe(Effect.ensuring(next))
  }

  // A lane came free: it takes whatever waited, or is given back.
  const next: Effect.Effect<void> = Effect.suspend(() => {
    if (waiting.length === 0) {
      inFlight--
      return Effect.void
    }
    const batch = waiting.length <= options.maxBatch ? waiting : waiting.slice(0, options.maxBatch)
    waiting = batch === waiting ? [] : waiting.slice(options.maxBatch)
    // Its own fiber: the caller that freed the lane has its answer and must not wait for others'.
    return Effect.asVoid(Effect.forkDetach(Effect.uninterruptible(runBatch(batch))))
  })

  const coalesced = (item: A): Effect.Effect<B, E> =>
    Effect.suspend(() => {
      if (inFlight < options.lanes) {
        inFlight++
        return Effect.ensuring(options.one(item), next)
      }
      const answer = Deferred.makeUnsafe<B, E>()
      waiting.push({ item, answer })
      return Deferred.await(answer)
    })
  const alone = options.alone
  return alone === undefined
    ? coalesced
    : (item) => Effect.flatMap(alone, (yes) => yes ? options.one(item) : coalesced(item))
}

/**
 * Whether the caller runs inside a transaction of `sql` (`Options.alone` for a store's statements).
 *
 * @internal
 */
export const inTransaction = (sql: SqlClient.SqlClient): Effect.Effect<boolean> =>
  Effect.map(Effect.serviceOption(sql.transactionService), Option.isSome)
