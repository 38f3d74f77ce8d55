/**
 * Which Lever the team uses: production, Lever's sandbox, or a custom base URL (only where the host
 * allows it; the API says so otherwise).
 */
import type { TeamModels } from "@fulcrum/api"
import { Field } from "./Controls.tsx"

/** The choice being edited. */
export interface EnvironmentChoice {
  readonly environment: TeamModels.LeverChoice["environment"]
  readonly baseUrl: string
}

/** The request body of a choice. */
export const toLeverChoice = (choice: EnvironmentChoice): TeamModels.LeverChoice =>
  choice.environment === "custom" ? { environment: "custom", baseUrl: choice.baseUrl.trim() } : { environment: choice.environment }

/** What is wrong with a choice before sending it, if anything. */
export const baseUrlProblem = (choice: EnvironmentChoice): string | undefined =>
  choice.environment !== "custom"
    ? undefined
    : choice.baseUrl.trim() === ""
    ? "Enter the base URL of the custom Lever, e.g. https://lever.example.com/v1."
    : URL.canParse(choice.baseUrl.trim())
    ? undefined
    : "This is not a URL. It starts with https:// (or http://127.0.0.1 for a local sandbox)."

export const EnvironmentFields = (props: {
  readonly value: EnvironmentChoice
  readonly onChange: (value: EnvironmentChoice) => void
  readonly baseUrlError?: string | undefined
}) => (
  <>
    <Field label="Lever environment" hint="Most teams use Lever production. Lever's sandbox is for trying things out.">
      {(attributes) => (
        <select
          {...attributes}
          value={props.value.environment}
          onChange={(event) =>
            props.onChange({ ...props.value, environment: event.target.value as EnvironmentChoice["environment"] })}
        >
          <option value="production">Lever production</option>
          <option value="sandbox">Lever sandbox</option>
          <option value="custom">Custom URL (where the operator allows it)</option>
        </select>
      )}
    </Field>
    {props.value.environment === "custom"
      ? (
        <Field label="Lever base URL" error={props.baseUrlError}>
          {(attributes) => (
            <input
              {...attributes}
              type="url"
              inputMode="url"
              autoComplete="off"
              value={props.value.baseUrl}
              onChange={(event) => props.onChange({ ...props.value, baseUrl: event.target.value })}
            />
          )}
        </Field>
      )
      : null}
  </>
)

/** The choice a team's settings hold. */
export const choiceOf = (lever: TeamModels.LeverChoice): EnvironmentChoice => ({
  environment: lever.environment,
  baseUrl: lever.baseUrl ?? ""
})
