/**
 * The workspace's packages as the build, the package check and the tarball test see them: every
 * directory under `packages/` with a `package.json`. New packages are picked up without registering
 * them anywhere, so the checks hold for them from their first commit.
 */
import * as fs from "node:fs"
import * as path from "node:path"

/** The repository root (this file lives in `scripts/`). */
export const root = path.resolve(import.meta.dirname, "..")

/** The fields of a `package.json` the scripts read. */
export interface Manifest {
  readonly name: string
  readonly version: string
  readonly private?: boolean
  readonly description?: string
  readonly license?: string
  readonly type?: string
  readonly exports?: Record<string, unknown> | string
  readonly bin?: Record<string, string>
  readonly files?: ReadonlyArray<string>
  readonly sideEffects?: boolean | ReadonlyArray<string>
  readonly engines?: Record<string, string>
  readonly publishConfig?: {
    readonly exports?: Record<string, unknown>
    readonly bin?: Record<string, string>
    readonly access?: string
  }
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
}

/** One workspace package: its directory (absolute), its folder name and its manifest. */
export interface Package {
  readonly dir: string
  readonly folder: string
  readonly manifest: Manifest
}

/** Every package under `packages/`, sorted by folder name. */
export const all = (): ReadonlyArray<Package> =>
  fs
    .readdirSync(path.join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, "packages", entry.name, "package.json")))
    .map((entry) => {
      const dir = path.join(root, "packages", entry.name)
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest
      return { dir, folder: entry.name, manifest }
    })
    .sort((a, b) => a.folder.localeCompare(b.folder))

/** The packages that are published (not `private`). */
export const published = (): ReadonlyArray<Package> => all().filter((pkg) => pkg.manifest.private !== true)

/** The workspace packages `pkg` needs at run time (dependencies and peer dependencies). */
export const workspaceDependencies = (pkg: Package, among: ReadonlyArray<Package>): ReadonlyArray<Package> => {
  const names = new Set([
    ...Object.keys(pkg.manifest.dependencies ?? {}),
    ...Object.keys(pkg.manifest.peerDependencies ?? {})
  ])
  return among.filter((other) => names.has(other.manifest.name))
}
