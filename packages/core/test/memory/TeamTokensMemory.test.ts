import * as TeamTokensMemory from "../../src/memory/TeamTokensMemory.ts"
import * as TeamTokensContract from "../../src/testing/TeamTokensContract.ts"

TeamTokensContract.suite("TeamTokensMemory", TeamTokensMemory.layer)
