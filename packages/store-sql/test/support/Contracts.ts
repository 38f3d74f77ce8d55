/**
 * Runs every store contract kit of `@fulcrum/core/testing` against the SQL adapters on one database.
 */
import {
  CandidateStoreContract,
  ConfigStoreContract,
  EventInboxContract,
  PeriodicTasksContract,
  SecurityLogContract,
  StepJournalContract,
  TeamLocksContract,
  TeamTokensContract
} from "@fulcrum/core/testing"
import { Layer } from "effect"
import type { SqlClient } from "effect/sql"
import {
  CandidateStoreSql,
  ConfigStoreSql,
  EventInboxSql,
  PeriodicTasksSql,
  SecurityLogSql,
  StepJournalSql,
  TeamLocksSql,
  TeamTokensSql
} from "../../src/index.ts"
import { TestCipher } from "./TestDatabase.ts"

const options = { timeout: 60_000 }

/** Registers the six kits, named after `database`, against adapters sharing `layer`. */
export const runAll = (database: string, layer: Layer.Layer<SqlClient.SqlClient>): void => {
  ConfigStoreContract.suite(
    `ConfigStoreSql on ${database}`,
    ConfigStoreSql.layer.pipe(Layer.provide(Layer.merge(layer, TestCipher))),
    options
  )
  CandidateStoreContract.suite(
    `CandidateStoreSql on ${database}`,
    Layer.merge(CandidateStoreSql.layer, StepJournalSql.layer).pipe(Layer.provide(layer)),
    options
  )
  // The kit simulates time through each call's `now`, so leases go by it too (the database's clock, the
  // default, is proven by LeaseClock.test.ts).
  EventInboxContract.suite(
    `EventInboxSql on ${database}`,
    Layer.mergeAll(EventInboxSql.layerWith({ leaseClock: "caller" }), CandidateStoreSql.layer, StepJournalSql.layer).pipe(
      Layer.provide(layer)
    ),
    options
  )
  StepJournalContract.suite(`StepJournalSql on ${database}`, StepJournalSql.layer.pipe(Layer.provide(layer)), options)
  SecurityLogContract.suite(`SecurityLogSql on ${database}`, SecurityLogSql.layer.pipe(Layer.provide(layer)), options)
  PeriodicTasksContract.suite(
    `PeriodicTasksSql on ${database}`,
    PeriodicTasksSql.layer.pipe(Layer.provide(layer)),
    options
  )
  TeamLocksContract.suite(`TeamLocksSql on ${database}`, TeamLocksSql.layer.pipe(Layer.provide(layer)), options)
  TeamTokensContract.suite(`TeamTokensSql on ${database}`, TeamTokensSql.layer.pipe(Layer.provide(layer)), options)
}
