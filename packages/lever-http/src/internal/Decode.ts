/**
 * Schema decoding of Lever's JSON, with failures turned into `LeverInvalidResponse` naming the field.
 */
import type { LeverApi } from "@fulcrum/core"
import { Effect, Schema } from "effect"
import type { Endpoint } from "./Endpoint.ts"
import * as Failure from "./Failure.ts"

/** Decodes `u` with `schema`; a failure names the endpoint and the fields, never the values. */
export const decode = <A>(schema: Schema.Decoder<A>, endpoint: Endpoint) =>
(u: unknown): Effect.Effect<A, LeverApi.LeverInvalidResponse> =>
  Schema.decodeUnknownEffect(schema)(u).pipe(Effect.mapError((error) => Failure.undecodable(endpoint, error.issue)))
