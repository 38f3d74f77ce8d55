import { Effect } from "effect"
import { ResourceNotFound } from "../src/LeverError.ts"
Effect.runPromise(Effect.fail(new ResourceNotFound({ message: "x" }))).catch((e) => console.log(e instanceof ResourceNotFound, e?._tag, String(e)))
