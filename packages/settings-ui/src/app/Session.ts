/**
 * The sign-in token (the operator's, or a team token `flc_…`), kept in this tab's sessionStorage only:
 * never in a URL, gone when the tab closes.
 */
const key = "fulcrum.token"

/** The token this tab signed in with, if any. */
export const read = (): string | null => {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}

/** Keeps the token for this tab. */
export const save = (token: string): void => sessionStorage.setItem(key, token)

/** Forgets the token. */
export const clear = (): void => sessionStorage.removeItem(key)

/** Whether a token is a team token (one team) rather than the operator's (every team). */
export const isTeamToken = (token: string): boolean => token.startsWith("flc_")
