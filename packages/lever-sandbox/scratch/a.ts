import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Context, Schema } from "effect"
import { HttpRouter, HttpServer, HttpServerResponse, HttpServerRequest } from "effect/http"
import { createServer } from "node:http"

class Info extends Context.Service<Info, { url: string }>()("Info") {}

const Routes = HttpRouter.use((router) => Effect.gen(function*() {
  yield* router.add("GET", "/v1/stages/:id", Effect.gen(function*() {
    const p = yield* HttpRouter.params
    const sp = yield* HttpServerRequest.ParsedSearchParams
    const req = yield* HttpServerRequest.HttpServerRequest
    return HttpServerResponse.jsonUnsafe({ p, sp, url: req.url, orig: req.originalUrl })
  }))
  yield* router.add("POST", "/v1/x", Effect.gen(function*() {
    const req = yield* HttpServerRequest.HttpServerRequest
    const body = yield* req.json.pipe(Effect.orElseSucceed(() => "BAD"))
    return HttpServerResponse.jsonUnsafe({ body }, { status: 201 })
  }))
  yield* router.add("*", "/*", HttpServerResponse.jsonUnsafe({ code: "ResourceNotFound" }, { status: 404 }))
}))

const Main = Layer.effect(Info, Effect.gen(function*() {
  const s = yield* HttpServer.HttpServer
  return Info.of({ url: HttpServer.formatAddress(s.address) })
}))
const L = Layer.mergeAll(HttpRouter.serve(Routes, { disableLogger: true, disableListenLog: true }), Main).pipe(
  Layer.provide(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })))

const prog = Effect.gen(function*() {
  const { url } = yield* Info
  console.log(url)
  for (const u of ["/v1/stages/abc?offset=%2B%2F%3D&limit=3", "/v1/nope", "/v1/stages/a%20b"]) {
    const r = yield* Effect.promise(() => fetch(url + u))
    console.log(r.status, yield* Effect.promise(() => r.text()))
  }
  const r = yield* Effect.promise(() => fetch(url + "/v1/x", { method: "POST", body: "{bad", headers: { "content-type": "application/json" } }))
  console.log(r.status, yield* Effect.promise(() => r.text()))
}).pipe(Effect.provide(L))
Effect.runPromise(prog).then(() => console.log("done"), (e) => console.error("ERR", e))
