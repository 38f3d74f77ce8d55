import * as SecurityLogMemory from "../../src/memory/SecurityLogMemory.ts"
import * as SecurityLogContract from "../../src/testing/SecurityLogContract.ts"

SecurityLogContract.suite("SecurityLogMemory", SecurityLogMemory.layer)
