/**
 * The dependency rule of the hexagon, checked on every test run:
 * - `@fulcrum/domain` imports nothing but `effect` (and its own files);
 * - `@fulcrum/core` imports only `effect` and `@fulcrum/domain` (its `testing` entry may also use the
 *   test runner), never an adapter;
 * - `@fulcrum/api` (the HTTP contract, shared with clients) imports only `effect` and `@fulcrum/domain`;
 * - adapters never import another adapter's source or a host;
 * - `@fulcrum/settings-ui` (the settings page) imports only `effect`, React, Vite and the API contract;
 * - nothing imports a host (`*-host` packages); only examples and `@fulcrum/embed` (the Promise façade,
 *   itself a composition of the hosts for services that do not use Effect) compose them;
 * - `@fulcrum/cli` is a leaf client: it imports only `@fulcrum/api`, `@fulcrum/domain`, `effect` and
 *   `@effect/platform-node` (it talks to a host over HTTP, never to core or an adapter), and nothing
 *   imports it.
 * Exits 1 and lists every violation.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"

const root = new URL("..", import.meta.url).pathname
const packagesDir = join(root, "packages")

const isHost = (name: string) => name.endsWith("-host")
/** Packages that compose the hosts, as an example does, to ship that composition as a library. */
const isComposer = (name: string) => name === "embed"

const sourceFiles = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return entry === "node_modules" ? [] : sourceFiles(path)
    return /\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith(".d.ts") ? [path] : []
  })

const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm

// Block comments are dropped first: doc-comment examples show how a consumer imports the package.
const specifiers = (file: string): Array<string> =>
  [...readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").matchAll(importPattern)]
    .map((m) => (m[1] ?? m[2] ?? m[3])!)

const packageOf = (spec: string): string | undefined => {
  if (spec.startsWith(".") || spec.startsWith("/")) return undefined
  const parts = spec.split("/")
  return spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]
}

const violations: Array<string> = []
for (const pkg of readdirSync(packagesDir)) {
  const src = join(packagesDir, pkg, "src")
  let files: Array<string>
  try {
    files = sourceFiles(src)
  } catch {
    continue
  }
  for (const file of files) {
    const rel = relative(root, file)
    const inTestingEntry = rel.includes("/src/testing/")
    for (const spec of specifiers(file)) {
      const dep = packageOf(spec)
      if (dep === undefined) continue
      const target = dep.startsWith("@fulcrum/") ? dep.slice("@fulcrum/".length) : undefined
      const fail = (why: string) => violations.push(`${rel}: imports "${spec}" — ${why}`)
      if (target !== undefined && isHost(target) && target !== pkg && !isComposer(pkg)) {
        fail("nothing may import a host; hosts only compose layers")
        continue
      }
      if (pkg === "domain" && dep !== "effect") {
        fail("the domain is pure and may import only effect")
      } else if (pkg === "core") {
        const allowed = dep === "effect" || dep === "@fulcrum/domain" ||
          (inTestingEntry && (dep === "@effect/vitest" || dep === "vitest"))
        if (!allowed) fail("core may import only effect and @fulcrum/domain (adapters plug into core, not the other way)")
      } else if (target === "cli" && pkg !== "cli") {
        fail("the CLI is a leaf: nothing imports it")
      } else if (pkg === "cli") {
        if (!["effect", "@effect/platform-node", "@fulcrum/api", "@fulcrum/domain"].includes(dep)) {
          fail("the CLI talks to Fulcrum over HTTP: it may import only @fulcrum/api, @fulcrum/domain, effect and @effect/platform-node")
        }
      } else if (pkg === "api") {
        if (dep !== "effect" && dep !== "@fulcrum/domain") {
          fail("the API definition is shared with clients: it may import only effect and @fulcrum/domain")
        }
      } else if (pkg === "settings-ui") {
        // The page talks to Fulcrum only through the API contract's typed client.
        const allowed = ["effect", "@fulcrum/api", "@fulcrum/domain", "react", "react-dom", "vite"]
        if (!allowed.includes(dep) && !dep.startsWith("node:")) fail("the settings page may import only effect, react, vite and the API contract")
      } else if (!isHost(pkg) && !isComposer(pkg) && pkg !== "domain" && pkg !== "core" && target !== undefined &&
        target !== "domain" && target !== "core" && target !== pkg) {
        fail("an adapter may depend on domain and core, not on another adapter")
      }
    }
  }
}

if (violations.length > 0) {
  console.error(`Dependency rule broken (${violations.length}):\n  ${violations.join("\n  ")}`)
  process.exit(1)
}
console.log("dependency rule: ok")
