/**
 * Node's on-disk module compile cache for a bin's start. Most of a host's start is loading its modules:
 * compiling them and, when it runs from the repository's TypeScript sources, stripping their types.
 * With the cache, a restart reuses the compiled code (and the stripped sources) of the previous start;
 * measured on `fulcrum-http` importing its modules, about a third less CPU (docs/benchmarks.md).
 *
 * A bin calls {@link enable} on its first lines, before it imports the rest. The cache lives in
 * `NODE_COMPILE_CACHE` when set, else in the system's temporary directory (`node-compile-cache`);
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off. Node checks every entry against the file's contents, so a
 * changed or upgraded module is compiled again; a directory that cannot be written only loses the gain.
 *
 * @since 0.2.0
 */
import { enableCompileCache } from "node:module"

/**
 * Turns the compile cache on for this process (a no-op when it is already on or turned off).
 *
 * @since 0.2.0
 */
export const enable = (): void => {
  // It never throws: a failure is reported in the result, and the start goes on without the cache.
  enableCompileCache()
}
