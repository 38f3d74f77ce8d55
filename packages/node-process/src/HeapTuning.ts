/**
 * Keeps V8's young generation small while a host starts. Loading the modules allocates fast, and V8
 * answers by growing the young generation to its 16 MB semi-spaces at once; that memory stays resident
 * while the host idles (measured on `fulcrum-http`: 221–227 MB idle by default, 166–169 MB when the
 * young generation may not grow during start-up). Once the host serves, growth is allowed again: under
 * load a larger young generation saves garbage-collection time (a small one cost about 30% more CPU per
 * webhook ack in `bench/host-acks.ts`). See docs/benchmarks.md.
 *
 * A bin calls {@link starting} on its first lines, next to `BootSignals.install()`, and the host calls
 * {@link serving} once it is ready. Young-generation flags set by the operator (`NODE_OPTIONS` or the
 * command line) are left alone.
 *
 * @since 0.1.0
 */
import { setFlagsFromString } from "node:v8"

/** Whether the operator already chose the young generation's size. */
const chosenByOperator = (): boolean =>
  [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)].some((flag) =>
    /^--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor)/.test(flag)
  )

/**
 * No young-generation growth while the modules load.
 *
 * @since 0.1.0
 */
export const starting = (): void => {
  if (!chosenByOperator()) setFlagsFromString("--semi-space-growth-factor=1")
}

/**
 * V8's default growth again, for serving.
 *
 * @since 0.1.0
 */
export const serving = (): void => {
  if (!chosenByOperator()) setFlagsFromString("--semi-space-growth-factor=2")
}
