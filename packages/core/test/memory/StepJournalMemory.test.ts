import * as StepJournalMemory from "../../src/memory/StepJournalMemory.ts"
import * as StepJournalContract from "../../src/testing/StepJournalContract.ts"

StepJournalContract.suite("StepJournalMemory", StepJournalMemory.layer)
