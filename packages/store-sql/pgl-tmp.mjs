import { PGlite } from "@electric-sql/pglite"
const t0 = performance.now(); const c0 = process.cpuUsage()
const db = new PGlite(); await db.waitReady
await db.query("create table a(x int)")
const t1 = performance.now(); const c1 = process.cpuUsage(c0)
console.log("fresh memory", (t1-t0).toFixed(0), "ms wall", ((c1.user+c1.system)/1000).toFixed(0), "ms cpu")
const blob = await db.dumpDataDir("none"); console.log("dump bytes", blob.size)
await db.close()
const t2 = performance.now(); const c2 = process.cpuUsage()
const db2 = new PGlite({ loadDataDir: blob }); await db2.waitReady
console.log((await db2.query("select count(*) from a")).rows)
const c3 = process.cpuUsage(c2)
console.log("from dump", (performance.now()-t2).toFixed(0), "ms wall", ((c3.user+c3.system)/1000).toFixed(0), "ms cpu")
