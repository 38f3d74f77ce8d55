/** Client of bench/ack-http.ts: signed stage-change webhooks over keep-alive connections, phases over IPC. */
import { LeverSignature } from "@fulcrum/core"
import { Effect, Redacted } from "effect"
import { Agent, request } from "node:http"

const [port, teamId, token, connections, count, rounds] = process.argv.slice(2)
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) })
const signingToken = Redacted.make(token!)
const sign = (n: number) =>
  Effect.runPromise(Effect.forEach(Array.from({ length: n }), () =>
    Effect.map(LeverSignature.sign(signingToken, {
      event: "candidateStageChange",
      data: { opportunityId: crypto.randomUUID(), candidateId: crypto.randomUUID(), toStageId: "s2", fromStageId: "s1" }
    }), (body) => JSON.stringify(body))))

const post = (body: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request({
      agent, host: "127.0.0.1", port: Number(port), method: "POST", path: `/webhooks/lever/${teamId}/stage-change`,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }
    }, (res) => {
      res.resume()
      res.on("end", () => resolve(res.statusCode ?? 0))
    })
    req.on("error", reject)
    req.end(body)
  })

const drive = async (bodies: Array<string>) => {
  let next = 0
  const worker = async () => {
    while (next < bodies.length) {
      const status = await post(bodies[next++]!)
      if (status !== 202) throw new Error(`status ${status}`)
    }
  }
  await Promise.all(Array.from({ length: Number(connections) }, worker))
}
const ask = (message: string) => new Promise<void>((resolve) => { process.once("message", () => resolve()); process.send!(message) })

await drive(await sign(2000))
for (let r = 0; r < Number(rounds); r++) {
  const bodies = await sign(Number(count))
  await ask("start")
  await drive(bodies)
  await ask("stop")
}
agent.destroy()
process.exit(0)
