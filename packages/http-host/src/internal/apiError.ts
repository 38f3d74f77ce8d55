/**
 * The one place where the core's typed errors become the API's: each core error has exactly one
 * answer, and the switch is exhaustive, so a new error in a use case does not compile until it has one.
 */
import { ApiErrors } from "@fulcrum/api"
import type {
  AdminAccess,
  Candidates,
  ConfigStore,
  EventInbox,
  InterviewScheduler,
  LeverAccess,
  LeverApi,
  LeverAuthorization,
  LeverConnect,
  LeverOAuthConfig,
  ProviderInterviewTypes,
  Results,
  SignatureVerifier,
  StoreError,
  TeamSetup,
  TeamTokens
} from "@fulcrum/core"
import type { Setup } from "@fulcrum/domain"
import { Effect } from "effect"

/** Every error a use case can end with. */
export type CoreError =
  | StoreError.StoreError
  | ConfigStore.TeamNotFound
  | ConfigStore.TeamExists
  | ConfigStore.VersionConflict
  | Setup.SetupRejected
  | LeverAccess.LeverNotConnected
  | Candidates.CandidateNotFound
  | Candidates.ResendRefused
  | Results.InterviewNotFound
  | EventInbox.EventNotFound
  | TeamTokens.TeamTokenNotFound
  | LeverApi.LeverError
  | SignatureVerifier.WebhookRejection
  | LeverConnect.OAuthStateInvalid
  | LeverConnect.OAuthConsentDenied
  | LeverOAuthConfig.OAuthNotConfigured
  | LeverAuthorization.OAuthError
  | AdminAccess.TeamNotVisible
  | AdminAccess.OperatorOnly
  | TeamSetup.PermanentKeyLacksPermissions
  | ProviderInterviewTypes.ProviderNotConfigured
  | InterviewScheduler.SchedulerError

/** Every error the API answers with. */
export type ApiError = ApiErrors.ApiError

/** The answer whenever the store fails: its detail is for the operator's log, never for the caller. */
export const storeUnavailable = new ApiErrors.ServiceUnavailable({
  message: "Fulcrum's store is unavailable right now; retry later"
})

const leverUnavailable = (detail: string) =>
  new ApiErrors.LeverUnavailable({ message: `Lever did not answer as expected (${detail}); retry later` })

/** The API's answer to a core error. */
export const toApiError = (error: CoreError): ApiError => {
  switch (error._tag) {
    case "StoreError":
    case "VersionConflict":
      return storeUnavailable
    case "TeamNotFound":
    case "UnknownTeam":
    // A team token asking for another team is answered exactly like an unknown team.
    case "TeamNotVisible":
      return new ApiErrors.NotFound({ message: `No team ${error.teamId}` })
    case "OperatorOnly":
      return new ApiErrors.Forbidden({ message: error.message })
    case "TeamExists":
      return new ApiErrors.Unprocessable({ reason: "TeamAlreadyExists", message: `Team ${error.teamId} already exists` })
    case "SetupRejected":
      return error.reason === "TeamNotFound"
        ? new ApiErrors.NotFound({ message: error.message })
        : new ApiErrors.Unprocessable({ reason: error.reason, message: error.message })
    case "LeverNotConnected":
      return new ApiErrors.Unprocessable({ reason: "LeverNotConnected", message: error.message })
    case "CandidateNotFound":
      return new ApiErrors.NotFound({ message: `No candidate ${error.opportunityId} in team ${error.teamId}` })
    case "ResendRefused":
      return new ApiErrors.Unprocessable({ reason: error.reason, message: error.message })
    case "InterviewNotFound":
      return new ApiErrors.NotFound({ message: `No candidate of team ${error.teamId} has interview ${error.interviewId}` })
    case "EventNotFound":
      return new ApiErrors.NotFound({ message: `No event ${error.eventId}` })
    case "TeamTokenNotFound":
      return new ApiErrors.NotFound({ message: `No token ${error.tokenId} in team ${error.teamId}` })
    case "LeverUnauthorized":
      return new ApiErrors.Unprocessable({
        reason: "LeverKeyRejected",
        message: "Lever rejected the key (401): check that it was copied whole and is not revoked"
      })
    case "LeverForbidden":
      return new ApiErrors.Unprocessable({
        reason: "LeverPermissionMissing",
        message: error.permission === null
          ? `Lever refused ${error.endpoint} (403): the key lacks a permission`
          : `The Lever key lacks the permission ${error.permission}: tick it in Lever's API Credentials screen`,
        missingPermissions: error.permission === null ? [] : [error.permission]
      })
    case "PermanentKeyLacksPermissions":
      return new ApiErrors.Unprocessable({
        reason: "LeverPermissionMissing",
        message: error.message,
        missingPermissions: error.missing
      })
    case "LeverNotFound":
    case "LeverRateLimited":
    case "LeverUnavailable":
    case "LeverInvalidResponse":
      return leverUnavailable(error._tag)
    case "MalformedWebhook":
      return new ApiErrors.InvalidRequest({ message: error.message, problems: [] })
    case "MissingSignature":
    case "BadSignature":
    case "StaleWebhook":
    case "TokenNotSubmitted":
      return new ApiErrors.Unauthorized({ message: error.message })
    // Connect to Lever: the admin's to fix (start again), or Lever's (retry later).
    case "OAuthStateInvalid":
    case "OAuthConsentDenied":
    case "OAuthGrantInvalid":
      return new ApiErrors.InvalidRequest({ message: error.message, problems: [] })
    case "OAuthNotConfigured":
      return new ApiErrors.Unprocessable({ reason: "OAuthNotConfigured", message: error.message })
    case "OAuthUnavailable":
    case "OAuthClientRejected":
      return new ApiErrors.LeverUnavailable({ message: error.message })
    // The assessment provider: not configured here (the admin types its ids by hand), down, or refusing.
    case "ProviderNotConfigured":
      return new ApiErrors.Unprocessable({ reason: "ProviderNotConfigured", message: error.message })
    case "SchedulerUnavailable":
      return new ApiErrors.ProviderUnavailable({
        reason: "Unreachable",
        message: `The assessment provider did not answer as expected (${error.message}); retry later`
      })
    case "SchedulerRejected":
      return new ApiErrors.ProviderUnavailable({
        reason: "Refused",
        message: `The assessment provider refused the request: ${error.reason}`
      })
  }
}

/** The API error a core error becomes, by type, so each endpoint declares only what it can answer. */
export type ApiErrorOf<E> = E extends StoreError.StoreError | ConfigStore.VersionConflict ? ApiErrors.ServiceUnavailable
  : E extends
    | ConfigStore.TeamNotFound
    | SignatureVerifier.UnknownTeam
    | AdminAccess.TeamNotVisible
    | Candidates.CandidateNotFound
    | Results.InterviewNotFound
    | EventInbox.EventNotFound
    | TeamTokens.TeamTokenNotFound ? ApiErrors.NotFound
  : E extends AdminAccess.OperatorOnly ? ApiErrors.Forbidden
  : E extends Setup.SetupRejected ? ApiErrors.NotFound | ApiErrors.Unprocessable
  : E extends
    | ConfigStore.TeamExists
    | Candidates.ResendRefused
    | LeverAccess.LeverNotConnected
    | LeverApi.LeverUnauthorized
    | LeverApi.LeverForbidden
    | LeverOAuthConfig.OAuthNotConfigured
    | TeamSetup.PermanentKeyLacksPermissions
    | ProviderInterviewTypes.ProviderNotConfigured ? ApiErrors.Unprocessable
  : E extends LeverApi.LeverError | LeverAuthorization.OAuthUnavailable | LeverAuthorization.OAuthClientRejected
    ? ApiErrors.LeverUnavailable
  : E extends
    | SignatureVerifier.MalformedWebhook
    | LeverConnect.OAuthStateInvalid
    | LeverConnect.OAuthConsentDenied
    | LeverAuthorization.OAuthGrantInvalid ? ApiErrors.InvalidRequest
  : E extends SignatureVerifier.WebhookRejection ? ApiErrors.Unauthorized
  : E extends InterviewScheduler.SchedulerError ? ApiErrors.ProviderUnavailable
  : never

/**
 * Runs a use case and answers its failures in the API's terms. A store failure is logged (its detail
 * is for the operator, never for the caller).
 */
export const answer = <A, E extends CoreError, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, ApiErrorOf<E>, R> =>
  // One `catch` rather than a `tapError` and a `mapError`: every webhook ack runs it.
  Effect.catch(effect, (error) => {
    // `toApiError` is exhaustive over CoreError; ApiErrorOf states, per error, which branch it takes.
    const apiError = toApiError(error) as ApiErrorOf<E>
    return error._tag === "StoreError"
      ? Effect.logWarning("store unavailable").pipe(
        Effect.annotateLogs({ operation: error.operation, detail: error.message }),
        Effect.andThen(Effect.fail(apiError))
      )
      : Effect.fail(apiError)
  })
