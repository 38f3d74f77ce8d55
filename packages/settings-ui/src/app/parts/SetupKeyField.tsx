/**
 * The optional setup API key: used once to read Lever's lists, never stored. Left empty, the stored
 * permanent key (or the Lever connection) reads them when it may.
 */
import { SecretField } from "./Controls.tsx"

export const SetupKeyField = (props: {
  readonly value: string
  readonly onChange: (value: string) => void
  readonly error?: string | undefined
}) => (
  <SecretField
    label="Setup API key (optional)"
    hint="Used once to read Lever, never stored. Leave it empty to use the permanent key or the Lever connection."
    error={props.error}
    value={props.value}
    onChange={props.onChange}
  />
)

/** The request body for a setup key: absent when empty. */
export const setupKeyPayload = (value: string): { readonly setupKey?: string } =>
  value.trim() === "" ? {} : { setupKey: value.trim() }
