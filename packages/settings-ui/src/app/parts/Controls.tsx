/**
 * The page's building blocks: labelled fields with their error beside them, buttons that say when they
 * are busy, failure and loading notices, and copy buttons.
 */
import { type ReactNode, useId, useState } from "react"
import type { ApiFailure } from "../Api.ts"
import type { Load } from "./useRequest.ts"

/** A labelled control with a hint and its error right under it. */
export const Field = (props: {
  readonly label: string
  readonly hint?: ReactNode
  readonly error?: string | undefined
  readonly children: (attributes: {
    readonly id: string
    readonly "aria-describedby"?: string
    readonly "aria-invalid"?: true
  }) => ReactNode
}) => {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [props.hint === undefined ? null : hintId, props.error === undefined ? null : errorId]
    .filter((part) => part !== null).join(" ")
  return (
    <div className={props.error === undefined ? "field" : "field field-invalid"}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint === undefined ? null : <p className="hint" id={hintId}>{props.hint}</p>}
      {props.children({
        id,
        ...(describedBy === "" ? {} : { "aria-describedby": describedBy }),
        ...(props.error === undefined ? {} : { "aria-invalid": true as const })
      })}
      {props.error === undefined ? null : <p className="field-error" id={errorId} role="alert">{props.error}</p>}
    </div>
  )
}

/**
 * A labelled field for a secret (a token or an API key): masked, never autofilled or spell-checked, and
 * never shown back once submitted.
 */
export const SecretField = (props: {
  readonly label: string
  readonly hint?: ReactNode
  readonly error?: string | undefined
  readonly value: string
  readonly onChange: (value: string) => void
}) => (
  <Field label={props.label} hint={props.hint} error={props.error}>
    {(attributes) => (
      <input
        {...attributes}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    )}
  </Field>
)

/** A button that shows it is working and cannot be pressed twice meanwhile. */
export const Button = (props: {
  readonly children: ReactNode
  readonly busy?: boolean
  readonly busyLabel?: string
  readonly onClick?: () => void
  readonly type?: "button" | "submit"
  readonly kind?: "primary" | "secondary" | "danger"
  readonly disabled?: boolean
}) => (
  <button
    type={props.type ?? "button"}
    className={`button button-${props.kind ?? "secondary"}`}
    onClick={props.onClick}
    disabled={props.disabled === true || props.busy === true}
    aria-busy={props.busy === true ? true : undefined}
  >
    {props.busy === true ? props.busyLabel ?? "Working…" : props.children}
  </button>
)

/** A failure, said plainly, with a retry button when retrying can help. */
export const Failure = (props: { readonly failure: ApiFailure | null; readonly onRetry?: () => void }) => {
  if (props.failure === null) return null
  const { failure } = props
  return (
    <div className={`notice notice-${failure.kind === "retry" ? "warning" : "error"}`} role="alert">
      <p>{failure.message}</p>
      {failure.missingPermissions.length > 0
        ? <p>Missing Lever permissions: <strong>{failure.missingPermissions.join(", ")}</strong></p>
        : null}
      {failure.kind === "retry" && props.onRetry !== undefined
        ? <Button onClick={props.onRetry}>Retry</Button>
        : null}
    </div>
  )
}

/** Shows `children` once loaded; a loading line, or the failure with a retry, before. */
export const Loaded = <A,>(props: {
  readonly state: Load<A>
  readonly what: string
  readonly onRetry: () => void
  readonly children: (value: A) => ReactNode
}) => {
  switch (props.state._tag) {
    case "Loading":
      return <p className="loading" role="status">Loading {props.what}…</p>
    case "Failed":
      return <Failure failure={props.state.failure} onRetry={props.onRetry} />
    case "Loaded":
      return <>{props.children(props.state.value)}</>
  }
}

/** A value shown ready to copy, with a button that copies it and says so. */
export const Copyable = (props: { readonly label: string; readonly value: string }) => {
  const id = useId()
  const [copied, setCopied] = useState(false)
  const copy = () => {
    const done = () => {
      setCopied(true)
      setTimeout(() => setCopied(false), 2_000)
    }
    navigator.clipboard?.writeText(props.value).then(done, () => {
      // Without clipboard access (plain http), select the text so Ctrl+C copies it.
      const code = document.getElementById(id)
      if (code !== null) getSelection()?.selectAllChildren(code)
    })
  }
  return (
    <div className="copyable">
      <span className="copyable-label">{props.label}</span>
      <code id={id}>{props.value}</code>
      <button type="button" className="button button-secondary" onClick={copy} aria-label={`Copy ${props.label}`}>
        {copied ? "Copied" : "Copy"}
      </button>
      <span className="visually-hidden" role="status">{copied ? `${props.label} copied` : ""}</span>
    </div>
  )
}

/** A done / not done badge. */
export const Done = (props: { readonly done: boolean; readonly children?: ReactNode }) => (
  <span className={props.done ? "badge badge-done" : "badge badge-missing"}>
    {props.children ?? (props.done ? "Done" : "To do")}
  </span>
)

/** When something happened, in the reader's time zone. */
export const When = (props: { readonly at: number | string }) => {
  const date = new Date(props.at)
  return <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>
}

/** A wide table that scrolls sideways on a phone; focusable and named, so the keyboard can scroll it. */
export const ScrollArea = (props: { readonly label: string; readonly children: ReactNode }) => (
  <div className="table-scroll" tabIndex={0} role="region" aria-label={props.label}>{props.children}</div>
)
