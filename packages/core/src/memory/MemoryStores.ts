/**
 * All six in-memory stores in one layer: the storage half of a Fulcrum process for tests and the
 * embedding examples. Each build starts empty.
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import type { CandidateStore } from "../ports/CandidateStore.ts"
import type { ConfigStore } from "../ports/ConfigStore.ts"
import type { EventInbox } from "../ports/EventInbox.ts"
import type { PeriodicTasks } from "../ports/PeriodicTasks.ts"
import type { SecurityLog } from "../ports/SecurityLog.ts"
import type { StepJournal } from "../ports/StepJournal.ts"
import type { TeamLocks } from "../ports/TeamLocks.ts"
import type { TeamTokens } from "../ports/TeamTokens.ts"
import * as CandidateStoreMemory from "./CandidateStoreMemory.ts"
import * as ConfigStoreMemory from "./ConfigStoreMemory.ts"
import * as EventInboxMemory from "./EventInboxMemory.ts"
import * as PeriodicTasksMemory from "./PeriodicTasksMemory.ts"
import * as SecurityLogMemory from "./SecurityLogMemory.ts"
import * as StepJournalMemory from "./StepJournalMemory.ts"
import * as TeamLocksMemory from "./TeamLocksMemory.ts"
import * as TeamTokensMemory from "./TeamTokensMemory.ts"

/**
 * Provides `ConfigStore`, `CandidateStore`, `EventInbox`, `StepJournal`, `SecurityLog` and `TeamTokens`, all
 * in memory.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ConfigStore, MemoryStores } from "@fulcrum/core"
 *
 * const teams = Effect.flatMap(ConfigStore.ConfigStore, (store) => store.list()).pipe(
 *   Effect.provide(MemoryStores.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  ConfigStore | CandidateStore | EventInbox | StepJournal | SecurityLog | TeamTokens | PeriodicTasks | TeamLocks
> = Layer.mergeAll(
  ConfigStoreMemory.layer,
  // One journal, shared by the candidate store's `saveJournaled`, the inbox's `complete` and everyone else; one candidate store,
  // shared by the inbox's `acceptForInterview` and everyone else.
  EventInboxMemory.layer.pipe(
    Layer.provideMerge(CandidateStoreMemory.layer),
    Layer.provideMerge(StepJournalMemory.layer)
  ),
  SecurityLogMemory.layer,
  TeamTokensMemory.layer,
  PeriodicTasksMemory.layer,
  TeamLocksMemory.layer
)
