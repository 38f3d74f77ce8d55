import { ProviderSandbox } from "@fulcrum/provider-sandbox"
import { afterAll } from "vitest"
import { ProviderConformance } from "../src/testing/index.ts"

// The reference provider passes the kit a vendor runs, the port's contract included.
const sandbox = await ProviderSandbox.start()
afterAll(() => sandbox.close())

ProviderConformance.suite("provider sandbox", { url: sandbox.url, secret: sandbox.secret })
