import { runAll } from "./support/Contracts.ts"
import { sharedPglite } from "./support/TestDatabase.ts"

runAll("PGlite", sharedPglite())
