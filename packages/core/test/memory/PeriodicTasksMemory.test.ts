import { PeriodicTasksMemory } from "../../src/index.ts"
import { PeriodicTasksContract } from "../../src/testing/index.ts"

PeriodicTasksContract.suite("PeriodicTasksMemory", PeriodicTasksMemory.layer)
