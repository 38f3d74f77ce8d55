import { LeverSandbox } from "../src/index.ts"
const s = await LeverSandbox.start()
console.log(s.url, s.baseUrl)
const auth = (k: string) => ({ authorization: "Basic " + Buffer.from(k + ":").toString("base64") })
for (const [path, key] of [["/stages?limit=3", LeverSandbox.SetupApiKey], ["/stages", "nope"], ["/opportunities/" + LeverSandbox.OpportunityIds.ada + "?expand=stage", LeverSandbox.PermanentApiKey], ["/opportunities/" + LeverSandbox.OpportunityIds.grace, LeverSandbox.PermanentApiKey], ["/tags", LeverSandbox.PermanentApiKey], ["/nope", LeverSandbox.PermanentApiKey]] as const) {
  const r = await fetch(s.baseUrl + path, { headers: auth(key) })
  console.log(r.status, (await r.text()).slice(0, 300))
}
const r1 = await fetch(s.baseUrl + "/stages?limit=3", { headers: auth(LeverSandbox.SetupApiKey) })
const j = await r1.json() as any
const r2 = await fetch(s.baseUrl + "/stages?limit=3&offset=" + j.next, { headers: auth(LeverSandbox.SetupApiKey) })
console.log(j.next, r2.status, (await r2.text()).slice(0, 200))
const r3 = await fetch(s.baseUrl + "/opportunities/" + LeverSandbox.OpportunityIds.ada + "/notes", { method: "POST", headers: { ...auth(LeverSandbox.PermanentApiKey), "content-type": "application/json" }, body: JSON.stringify({ value: "hi", score: 9 }) })
console.log(r3.status, await r3.text())
console.log(await (await fetch(s.url + "/_sandbox")).text())
console.log(await s.control.requests.counts())
await s.stop()
console.log("stopped")
