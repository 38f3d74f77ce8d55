/**
 * A progress bar on stderr for long batches (replaying every dead event): redrawn in place on a
 * terminal, silent otherwise and under `--json`, so pipes and scripts get only the result.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Output from "./Output.ts"

/** A bar's controls. @since 0.1.0 */
export interface Bar {
  readonly advance: Effect.Effect<void>
  readonly done: Effect.Effect<void>
}

const width = 30

/** A bar for `total` steps, labelled `label`. @since 0.1.0 */
export const make = (label: string, total: number) =>
  Effect.map(Output.Json, (json): Bar => {
    const visible = !json && process.stderr.isTTY === true && total > 0
    let count = 0
    const draw = () => {
      const filled = Math.round((count / total) * width)
      process.stderr.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total}`)
    }
    if (visible) draw()
    return {
      advance: Effect.sync(() => {
        count += 1
        if (visible) draw()
      }),
      done: Effect.sync(() => {
        if (visible) process.stderr.write("\n")
      })
    }
  })
