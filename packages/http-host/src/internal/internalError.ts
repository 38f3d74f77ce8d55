/**
 * The answer to a defect (a bug, never a caller's mistake): logged with its cause, answered as a JSON
 * 500 that reveals nothing but the request id. Shared by `Fallback` and the webhook fast path so a
 * defect on either is logged and answered alike.
 */
import { Cause, Effect } from "effect"
import { HttpServerResponse } from "effect/http"

/** Logs `defect` and answers the JSON 500. */
export const defectAnswer = (defect: unknown, requestId: string) =>
  Effect.logError("request failed unexpectedly").pipe(
    Effect.annotateLogs({ cause: Cause.pretty(Cause.die(defect)) }),
    Effect.as(HttpServerResponse.jsonUnsafe(
      { _tag: "InternalError", message: "Something went wrong on our side", requestId },
      { status: 500 }
    ))
  )
