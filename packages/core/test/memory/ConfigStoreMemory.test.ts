import * as ConfigStoreMemory from "../../src/memory/ConfigStoreMemory.ts"
import * as ConfigStoreContract from "../../src/testing/ConfigStoreContract.ts"

ConfigStoreContract.suite("ConfigStoreMemory", ConfigStoreMemory.layer)
