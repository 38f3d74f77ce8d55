/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and writes what a profile review needs, without any
 * dependency: a flame graph as a self-contained SVG (hover a frame for its name, file and share) and a
 * markdown table of the functions with the most self time and the most inclusive time.
 *
 *   node bench/profile-report.ts <file.cpuprofile> --svg out.svg --md out.md [--after 12] [--title "..."]
 *
 * `--after SECONDS` drops the samples of the first seconds (a host's start-up, while it imports its modules),
 * so the report shows the steady state under load. Idle time (`(idle)`) is left out of every share: the
 * percentages are of the busy samples.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { basename } from "node:path"
import { parseArgs } from "node:util"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly children?: ReadonlyArray<number>
}

interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly startTime: number
  readonly endTime: number
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    svg: { type: "string" },
    md: { type: "string" },
    after: { type: "string", default: "0" },
    title: { type: "string" },
    top: { type: "string", default: "30" }
  }
})
const file = positionals[0]
if (file === undefined) {
  console.error("usage: node bench/profile-report.ts <file.cpuprofile> [--svg out.svg] [--md out.md] [--after s]")
  process.exit(1)
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
const afterUs = Number(values.after) * 1_000_000
const top = Number(values.top)

/** Where a frame's code lives, shortened to what tells packages apart. */
const location = (frame: CallFrame): string => {
  if (frame.url === "") return ""
  const url = frame.url.replace(/^file:\/\//, "")
  const modules = url.lastIndexOf("node_modules/")
  const short = modules >= 0
    ? url.slice(modules + "node_modules/".length).replace(/^\.pnpm\/[^/]+\/node_modules\//, "")
    : url.replace(/^.*?\/(packages|bench)\//, "$1/")
  return `${short}:${frame.lineNumber + 1}`
}

const nameOf = (frame: CallFrame): string => frame.functionName === "" ? "(anonymous)" : frame.functionName
const keyOf = (frame: CallFrame): string => `${nameOf(frame)}\t${location(frame)}`

const byId = new Map<number, ProfileNode>()
const parent = new Map<number, number>()
for (const node of profile.nodes) {
  byId.set(node.id, node)
  for (const child of node.children ?? []) parent.set(child, node.id)
}

// Sample weights (µs) per leaf node, only after the cut-off and never idle.
const self = new Map<number, number>()
let clock = profile.startTime
let busy = 0
for (let i = 0; i < profile.samples.length; i++) {
  clock += profile.timeDeltas[i] ?? 0
  // A sample's weight is the time until the next one (the last one gets the average).
  const weight = profile.timeDeltas[i + 1] ?? (profile.endTime - profile.startTime) / profile.samples.length
  if (clock - profile.startTime < afterUs) continue
  const id = profile.samples[i]!
  if (byId.get(id)?.callFrame.functionName === "(idle)") continue
  self.set(id, (self.get(id) ?? 0) + weight)
  busy += weight
}

// Per function: self time, and inclusive time counted once per sample even when the function recurses.
const selfByKey = new Map<string, number>()
const inclusiveByKey = new Map<string, number>()
const total = new Map<number, number>()
for (const [id, weight] of self) {
  selfByKey.set(keyOf(byId.get(id)!.callFrame), (selfByKey.get(keyOf(byId.get(id)!.callFrame)) ?? 0) + weight)
  const seen = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    total.set(at, (total.get(at) ?? 0) + weight)
    const key = keyOf(byId.get(at)!.callFrame)
    if (seen.has(key)) continue
    seen.add(key)
    inclusiveByKey.set(key, (inclusiveByKey.get(key) ?? 0) + weight)
  }
}

/** Who owns a frame's code: a Fulcrum package, an effect module, another package, Node, or V8/the kernel. */
const ownerOf = (frame: CallFrame): string => {
  const url = frame.url.replace(/^file:\/\//, "")
  if (url === "") return frame.functionName.startsWith("(") ? frame.functionName : `native: ${frame.functionName}`
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`
  const modules = url.lastIndexOf("node_modules/")
  if (modules < 0) return url.includes("/packages/") ? `@fulcrum/${url.split("/packages/")[1]!.split("/")[0]}` : url
  const path = url.slice(modules + "node_modules/".length).split("/")
  const pkg = path[0]!.startsWith("@") ? `${path[0]}/${path[1]}` : path[0]!
  // effect is one package but several layers (runtime, schema, http, sql): its folders tell them apart.
  return pkg === "effect" ? `effect/${path.slice(2, -1).join("/") || path.at(-1)}` : pkg
}
const selfByOwner = new Map<string, number>()
for (const [id, weight] of self) {
  const owner = ownerOf(byId.get(id)!.callFrame)
  selfByOwner.set(owner, (selfByOwner.get(owner) ?? 0) + weight)
}

const percent = (us: number) => `${(100 * us / busy).toFixed(1)}%`
const ms = (us: number) => (us / 1000).toFixed(0)
const escapeMd = (text: string) => text.replace(/\|/g, "\\|")
const ranked = (map: Map<string, number>) =>
  [...map].filter(([key]) => !key.startsWith("(root)")).sort((a, b) => b[1] - a[1]).slice(0, top)
/** The markdown section of the `top` functions by `kind` of time (`self` or `inclusive`); keys are `name\twhere`. */
const topTable = (kind: string, map: Map<string, number>) => [
  `## Top ${top} by ${kind} time`,
  "",
  `| # | ${kind} ms | ${kind} % | function | where |`,
  "| --- | --- | --- | --- | --- |",
  ...ranked(map).map(([key, us], i) => {
    const at = key.indexOf("\t")
    return `| ${i + 1} | ${ms(us)} | ${percent(us)} | ${escapeMd(key.slice(0, at))} | ${escapeMd(key.slice(at + 1))} |`
  }),
  ""
]

const title = values.title ?? basename(file)
if (values.md !== undefined) {
  const lines = [
    `# ${title}`,
    "",
    `Busy samples: ${ms(busy)} ms of CPU${afterUs > 0 ? ` (after the first ${values.after} s)` : ""}; idle left out.`,
    "",
    "## Self time by owner of the code",
    "",
    "| owner | self ms | self % |",
    "| --- | --- | --- |",
    ...[...selfByOwner].sort((x, y) => y[1] - x[1]).slice(0, 20).map(([owner, us]) =>
      `| ${escapeMd(owner)} | ${ms(us)} | ${percent(us)} |`
    ),
    "",
    ...topTable("self", selfByKey),
    ...topTable("inclusive", inclusiveByKey)
  ]
  writeFileSync(values.md, lines.join("\n"))
}

if (values.svg !== undefined) {
  const width = 1600
  const rowHeight = 17
  const minWidthPx = 0.3
  const xml = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
  /** A stable warm colour per package, so the same code has the same colour in two graphs. */
  const colour = (frame: CallFrame) => {
    const where = location(frame)
    if (where.startsWith("packages/") || where.startsWith("bench/")) return "hsl(200, 60%, 65%)"
    if (where.startsWith("effect/")) return "hsl(35, 85%, 60%)"
    if (where === "" || where.startsWith("node:")) return "hsl(0, 0%, 72%)"
    let hash = 0
    for (const char of where.split("/")[0] ?? "") hash = (hash * 31 + char.charCodeAt(0)) | 0
    return `hsl(${(Math.abs(hash) % 40) + 5}, 75%, ${55 + (Math.abs(hash) % 15)}%)`
  }
  interface Frame {
    readonly x: number
    readonly w: number
    readonly depth: number
    readonly node: ProfileNode
    readonly weight: number
  }
  const frames: Array<Frame> = []
  const layout = (id: number, x: number, depth: number) => {
    const weight = total.get(id) ?? 0
    const w = (weight / busy) * width
    if (w < minWidthPx) return
    const node = byId.get(id)!
    frames.push({ x, w, depth, node, weight })
    let childX = x
    for (const child of node.children ?? []) {
      layout(child, childX, depth + 1)
      childX += ((total.get(child) ?? 0) / busy) * width
    }
  }
  let x = 0
  for (const child of profile.nodes[0]!.children ?? []) {
    layout(child, x, 0)
    x += ((total.get(child) ?? 0) / busy) * width
  }
  const header = 40
  const depthMax = frames.reduce((max, frame) => Math.max(max, frame.depth), 0)
  const height = header + (depthMax + 1) * rowHeight + 10
  // The root at the bottom, callees above their callers: a flame graph.
  const body = frames.map(({ depth, node, w, weight, x }) => {
    const y = height - 10 - (depth + 1) * rowHeight
    const label = `${nameOf(node.callFrame)} ${location(node.callFrame)}`
    const chars = Math.floor((w - 4) / 6.5)
    const text = chars >= 3 ? (label.length > chars ? `${label.slice(0, chars - 1)}…` : label) : ""
    return `<g><title>${xml(label)} — ${ms(weight)} ms, ${percent(weight)}</title>` +
      `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${rowHeight - 1}" fill="${colour(node.callFrame)}"/>` +
      (text === "" ? "" : `<text x="${(x + 3).toFixed(2)}" y="${y + 12}">${xml(text)}</text>`) + "</g>"
  })
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="18" font-size="14">${xml(title)}</text>`,
    `<text x="8" y="34" fill="#555">${ms(busy)} ms of CPU in busy samples${
      afterUs > 0 ? ` after the first ${values.after} s` : ""
    }; width = share of busy time; blue: Fulcrum, orange: effect, grey: Node/V8; hover for details</text>`,
    ...body,
    "</svg>",
    ""
  ]
  writeFileSync(values.svg, svg.join("\n"))
}
