/**
 * The whole HTTP API of Fulcrum as one definition. The host serves it, `/openapi.json` is generated
 * from it, and `FulcrumClient` is derived from it, so the three cannot drift apart.
 *
 * @since 0.1.0
 */
import { HttpApi, OpenApi } from "effect/http-api"
import { ActivityGroup } from "./ActivityGroup.ts"
import { HealthGroup } from "./HealthGroup.ts"
import { LeverCallbackGroup, LeverConnectGroup } from "./LeverConnectGroup.ts"
import { PostingsGroup } from "./PostingsGroup.ts"
import { RequestValidation } from "./RequestValidation.ts"
import { TeamsGroup } from "./TeamsGroup.ts"
import { WebhooksGroup } from "./WebhooksGroup.ts"

/** The whole API: every group, its errors and its OpenAPI description. @since 0.1.0 */
export class FulcrumApi extends HttpApi.make("fulcrum")
  .add(WebhooksGroup)
  .add(TeamsGroup)
  .add(PostingsGroup)
  .add(ActivityGroup)
  .add(LeverConnectGroup)
  .add(LeverCallbackGroup)
  .add(HealthGroup)
  .middleware(RequestValidation)
  // Every failing path of a request, not only the first, so a client fixes its request in one go.
  .annotate(HttpApi.ParseOptions, { errors: "all" })
  // A misspelt or unknown field is refused (400 naming it), never silently dropped: the schemas say
  // `additionalProperties: false`, and a dropped field is a setting the admin believes was saved.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all", onExcessProperty: "error" })
  .annotateMerge(OpenApi.annotations({
    title: "Fulcrum",
    version: "0.1.0",
    description: "Connects a technical-assessment platform to Lever: webhooks, result callbacks and self-service setup.",
    license: { name: "MIT", url: "https://opensource.org/license/mit" },
    // A host serves /openapi.json and /docs with its own PUBLIC_BASE_URL here.
    servers: [{ url: "http://localhost:3000", description: "fulcrum-http on its default port" }]
  }))
{}
