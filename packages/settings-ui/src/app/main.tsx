import { FulcrumClient } from "@fulcrum/api"
import { Effect, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { createRoot } from "react-dom/client"

const program = Effect.gen(function*() {
  const client = yield* FulcrumClient.make({ baseUrl: location.origin, token: Redacted.make("x") })
  return yield* client.teams.list()
}).pipe(Effect.provide(FetchHttpClient.layer))

createRoot(document.getElementById("root")!).render(<button onClick={() => Effect.runPromise(program)}>x</button>)
