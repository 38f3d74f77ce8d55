/**
 * The packages as a user gets them: every published package packed (`scripts/pack-packages.ts`, which
 * also checks each tarball's contents), installed with plain npm into a project outside the workspace,
 * this example's sources type-checked there with a strict consumer tsconfig (`skipLibCheck: false`,
 * `nodenext` and `bundler`), then run with plain Node 24 — the node:http, Express, Fastify and Fetch variants
 * each driving one candidate end to end against the Lever sandbox (`src/drive.ts`).
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { pack, type Packed } from "../../../scripts/pack-packages.ts"

const run = promisify(execFile)
const example = path.resolve(import.meta.dirname, "..")
const devDependencies = JSON.parse(fs.readFileSync(path.join(example, "package.json"), "utf8")).devDependencies as Record<string, string>
const rootManifest = JSON.parse(fs.readFileSync(path.resolve(example, "..", "..", "package.json"), "utf8"))

const timings: Record<string, number> = {}
const timed = async <A>(name: string, f: () => Promise<A>): Promise<A> => {
  const started = Date.now()
  try {
    return await f()
  } finally {
    timings[name] = Date.now() - started
  }
}

const strict = {
  target: "es2023",
  lib: ["es2023", "dom"],
  types: ["node"],
  strict: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true
}

let project: string
let packed: ReadonlyArray<Packed>

beforeAll(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "fulcrum-embed-"))
  packed = await timed("pack", async () => pack(path.join(project, "tarballs")))
  fs.cpSync(path.join(example, "src"), path.join(project, "src"), { recursive: true })
  // Every package's entry point, so the strict check covers every published declaration.
  fs.writeFileSync(
    path.join(project, "src", "all-packages.ts"),
    packed.map((p, i) => `export * as P${i} from "${p.name}"`).join("\n") + "\n"
  )
  const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]))
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({
    name: "embed-from-tarballs",
    private: true,
    type: "module",
    dependencies,
    devDependencies: {
      ...devDependencies,
      typescript: rootManifest.devDependencies.typescript,
      "@types/node": rootManifest.devDependencies["@types/node"]
    },
    // Every @fulcrum package from its tarball, also where one depends on another.
    overrides: dependencies
  }, null, 2))
  for (const [name, options] of [
    ["tsconfig.nodenext.json", { module: "nodenext", moduleResolution: "nodenext" }],
    ["tsconfig.bundler.json", { module: "preserve", moduleResolution: "bundler" }]
  ] as const) {
    fs.writeFileSync(path.join(project, name), JSON.stringify({ compilerOptions: { ...strict, ...options }, include: ["src"] }))
  }
  await timed("npm install", () =>
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project }))
})

afterAll(() => {
  console.log(`embed from tarballs: ${JSON.stringify(timings)}`)
  console.log(packed?.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(1)} kB`).join(", "))
  if (project !== undefined) fs.rmSync(project, { recursive: true, force: true })
})

describe("the packages installed from their tarballs", () => {
  it("hold plain JavaScript for Node: no @fulcrum package under node_modules ships a .ts entry", () => {
    for (const p of packed) {
      const manifest = JSON.parse(fs.readFileSync(path.join(project, "node_modules", p.name, "package.json"), "utf8"))
      expect(JSON.stringify(manifest.exports)).not.toMatch(/(?<!\.d)\.ts"/)
    }
  })

  it("type-check in a strict consumer (skipLibCheck false) with nodenext and with bundler resolution", async () => {
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc")
    await timed("tsc nodenext + bundler", () =>
      Promise.all(["tsconfig.nodenext.json", "tsconfig.bundler.json"].map((config) =>
        run(process.execPath, [tsc, "-p", config], { cwd: project }).catch((error) => {
          throw new Error(`${config}:\n${error.stdout}${error.stderr}`)
        })
      )))
  })

  for (const variant of ["node", "express", "fastify", "fetch"]) {
    // Concurrent: each variant has its own sandbox, database (schema or in-memory PGlite) and port.
    it.concurrent(`run with plain Node: the ${variant} service takes a candidate from Lever's webhook to the graded note`, async () => {
      const env = { ...process.env }
      const { stdout } = await timed(`drive ${variant}`, () =>
        run(process.execPath, [path.join("src", "drive.ts"), variant], { cwd: project, env }).catch((error) => {
          throw new Error(`${variant}:\n${error.stdout}${error.stderr}`)
        }))
      expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toMatchObject({ variant, ok: true })
    })
  }
})
