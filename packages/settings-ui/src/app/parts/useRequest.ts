/**
 * Loading and failure states for every request: `useLoad` for what a view shows, `useAction` for what a
 * button or a form does.
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { ApiFailure, failureOf } from "../Api.ts"

/** What a view's data is doing. */
export type Load<A> =
  | { readonly _tag: "Loading" }
  | { readonly _tag: "Failed"; readonly failure: ApiFailure }
  | { readonly _tag: "Loaded"; readonly value: A }

/** Loads when `key` changes; `reload` loads again; `set` replaces the value (an answer that carries it). */
export const useLoad = <A>(load: () => Promise<A>, key: string) => {
  const [state, setState] = useState<Load<A>>({ _tag: "Loading" })
  const current = useRef(0)
  const reload = useCallback(() => {
    const run = ++current.current
    setState((previous) => (previous._tag === "Loaded" ? previous : { _tag: "Loading" }))
    load().then(
      (value) => run === current.current && setState({ _tag: "Loaded", value }),
      (error: unknown) => run === current.current && setState({ _tag: "Failed", failure: failureOf(error) })
    )
    // `load` changes with every render; `key` says when it means something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  useEffect(() => {
    setState({ _tag: "Loading" })
    reload()
  }, [reload])
  const set = useCallback((value: A) => setState({ _tag: "Loaded", value }), [])
  return { state, reload, set }
}

/** One action at a time: `busy` while it runs, `failure` when it failed (cleared by the next run). */
export const useAction = () => {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const run = useCallback(async <A>(action: () => Promise<A>): Promise<A | undefined> => {
    setBusy(true)
    setFailure(null)
    try {
      return await action()
    } catch (error) {
      setFailure(failureOf(error))
      return undefined
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, failure, run, clear: () => setFailure(null) }
}

/** The message a failure shows next to a field whose request path ends with `field`. */
export const fieldError = (failure: ApiFailure | null, field: string): string | undefined => {
  if (failure === null) return undefined
  const problem = failure.problems.find((problem) => problem.path.endsWith(`.${field}`) || problem.path === field)
  return problem?.message
}
