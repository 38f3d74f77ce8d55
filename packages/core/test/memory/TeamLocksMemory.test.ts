import { TeamLocksMemory } from "../../src/index.ts"
import { TeamLocksContract } from "../../src/testing/index.ts"

TeamLocksContract.suite("TeamLocksMemory", TeamLocksMemory.layer)
