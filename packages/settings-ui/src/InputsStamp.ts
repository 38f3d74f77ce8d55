/**
 * Whether a build's output is current: a SHA-256 of its input files (their paths and contents) kept
 * next to the output. A build writes the stamp after it succeeds; `--if-stale` compares it with a fresh
 * hash and skips the build when nothing changed. Used by this package's page build and by the
 * quickstart's bundle (`examples/quickstart/src/Bundle.ts`).
 *
 * @since 0.2.0
 */
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/** Every file under `dir` (sorted, recursively, without `node_modules`); none when it does not exist. @since 0.2.0 */
export const filesUnder = (dir: string): Array<string> =>
  !existsSync(dir) ? [] : readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry)
    if (entry === "node_modules") return []
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

/**
 * A hash of each file's path (relative to `root`, so a moved checkout hashes the same) and contents,
 * in the order given; a file that does not exist counts as its path alone.
 *
 * @since 0.2.0
 */
export const hash = (root: string, files: ReadonlyArray<string>): string => {
  const digest = createHash("sha256")
  for (const file of files) {
    digest.update(file.startsWith(root) ? file.slice(root.length) : file).update("\0")
    if (existsSync(file)) digest.update(readFileSync(file))
  }
  return digest.digest("hex")
}

/** Whether `stampFile` holds `inputsHash` (a build from these inputs finished). @since 0.2.0 */
export const isFresh = (stampFile: string, inputsHash: string): boolean =>
  existsSync(stampFile) && readFileSync(stampFile, "utf8") === inputsHash

/** Records that the output was built from inputs hashing to `inputsHash`; written last. @since 0.2.0 */
export const write = (stampFile: string, inputsHash: string): void => writeFileSync(stampFile, inputsHash)
