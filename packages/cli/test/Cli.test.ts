/**
 * `fulcrum` against a running host (the HTTP host's test composition: memory stores, the Lever
 * sandbox): a whole team setup from the command line, reading candidates and dead events, replaying
 * them all, team tokens, and the bin's exit codes, stdin secrets and completions in a child process.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Cli from "./support/Cli.ts"
import { Host, operatorToken, permanentKey, setupKey } from "./support/Host.ts"
import * as Hosts from "./support/Host.ts"

const stageNames = { assessment: "Technical Assessment", onsite: "Onsite Interview", offer: "Offer" } as const

interface TeamJson {
  readonly settings: { readonly teamId: string; readonly archiveReasonMapping: Record<string, string> }
  readonly checklist: { readonly ready: boolean; readonly items: ReadonlyArray<{ readonly id: string; readonly done: boolean }> }
}

const pending = (team: TeamJson["checklist"]) => team.items.filter((item) => !item.done).map((item) => item.id)

layer(Hosts.layer, { excludeTestServices: true })("fulcrum CLI", (it) => {
  it.effect("sets a team up step by step, then reads and replays its dead events and manages its tokens", () =>
    Effect.gen(function*() {
      const host = yield* Host
      const run = (args: ReadonlyArray<string>, token = operatorToken) => Cli.run(host.url, token, args)
      const json = (args: ReadonlyArray<string>, token = operatorToken) => Cli.runJson(host.url, token, args)
      const outputs: Array<string> = []
      const people = (args: ReadonlyArray<string>) =>
        Effect.map(run(args), (result) => {
          outputs.push(result.stdout, result.stderr)
          assert.strictEqual(result.code, 0, `fulcrum ${args.join(" ")}: ${result.stderr}`)
          return result
        })

      const created = (yield* json(["teams", "create", "--name", "Acme", "--environment", "custom", "--lever-url", host.leverUrl])) as TeamJson
      const teamId = created.settings.teamId
      const team = ["--team", teamId]
      assert.include((yield* people(["teams", "list"])).stdout, teamId, "the table lists the new team")

      const keyed = yield* people(["setup", "key", ...team, "--key", permanentKey])
      assert.include(keyed.stdout, "[x] ", "the checklist follows the step")

      const stages = yield* people(["setup", "stages", ...team, "--setup-key", setupKey])
      assert.include(stages.stdout, stageNames.assessment, "without a choice, the stages are listed")
      const read = (yield* json(["setup", "stages", ...team, "--setup-key", setupKey])) as {
        stages: ReadonlyArray<{ id: string; text: string }>
      }
      const idOf = (text: string) => read.stages.find((stage) => stage.text === text)!.id
      yield* people([
        "setup", "stages", ...team, "--setup-key", setupKey,
        "--assessment", idOf(stageNames.assessment), "--onsite", idOf(stageNames.onsite), "--offer", idOf(stageNames.offer)
      ])

      const reasons = (yield* json(["setup", "archive-reasons", ...team, "--setup-key", setupKey])) as {
        reasons: ReadonlyArray<{ id: string; offerStatus: string | null; suggestedOfferStatus: string | null }>
      }
      const suggested = reasons.reasons.filter((reason) => reason.suggestedOfferStatus !== null)
      assert.isNotEmpty(suggested)
      yield* people(["setup", "archive-reasons", ...team, "--setup-key", setupKey, "--accept-suggestions"])
      const afterReasons = (yield* json(["teams", "show", teamId])) as TeamJson
      assert.deepStrictEqual(
        afterReasons.settings.archiveReasonMapping,
        Object.fromEntries(suggested.map((reason) => [reason.id, reason.suggestedOfferStatus])),
        "every unmapped reason is mapped to its suggestion"
      )

      yield* people(["setup", "webhooks", ...team, "--setup-key", setupKey])
      // This host has no assessment provider: its list is refused, the id is taken as typed.
      const noProvider = yield* run(["setup", "interview-types", "provider", ...team])
      assert.strictEqual(noProvider.code, 2, noProvider.stderr)
      assert.include(noProvider.stderr, "FULCRUM_PROVIDER_URL")
      yield* people(["setup", "interview-types", "add", ...team, "--name", "Backend", "--tag", "Backend Assessment", "--provider-type", "prv-backend"])
      assert.include((yield* people(["setup", "interview-types", "list", ...team])).stdout, "Backend Assessment")
      yield* people(["setup", "integration", "on", ...team])
      const checklist = (yield* json(["checklist", ...team])) as TeamJson["checklist"]
      assert.deepStrictEqual(pending(checklist), ["webhooks"], "only Lever's ping is left")
      assert.include((yield* people(["checklist", ...team])).stdout, "Checklist: 7/8 done")

      // Candidates and the dead events behind them.
      assert.include((yield* people(["candidates", "list", ...team])).stdout, "(none)")
      const dead = yield* Cli.deadEvents(teamId, 3)
      const deadList = (yield* json(["events", "dead", ...team])) as { events: ReadonlyArray<{ eventId: string; lastError: string }> }
      assert.sameMembers(deadList.events.map((event) => event.eventId), dead)
      const shown = yield* people(["candidates", "show", ...team, "opp-dead-0"])
      assert.include(shown.stdout, "Lever answered 500 on every attempt", "the event's last error is shown with the candidate")

      const one = (yield* json(["events", "replay", ...team, dead[0]!])) as { event: { status: string } }
      assert.strictEqual(one.event.status, "pending")
      const all = (yield* json(["events", "replay", ...team, "--all-dead"])) as { replayed: ReadonlyArray<string> }
      assert.sameMembers([...all.replayed], dead.slice(1))
      assert.include((yield* people(["events", "dead", ...team])).stdout, "No dead events.")
      assert.strictEqual((yield* run(["events", "replay", ...team])).code, 1, "neither an event nor --all-dead is a usage error")
      assert.strictEqual((yield* Cli.run("", operatorToken, ["teams", "list"])).code, 1, "no URL is a usage error")
      assert.include((yield* people(["health"])).stdout, "ready")

      // Team tokens: issued once, reach their team only, and stop working once revoked.
      const issued = yield* people(["tokens", "issue", ...team, "--label", "ci"])
      const token = issued.stdout.trim()
      assert.match(token, /\S{20,}/, "the token alone on stdout")
      const teamsSeen = (yield* json(["teams", "list"], token)) as { teams: ReadonlyArray<{ teamId: string }> }
      assert.deepStrictEqual(teamsSeen.teams.map((row) => row.teamId), [teamId])
      const tokens = (yield* json(["tokens", "list", ...team])) as { tokens: ReadonlyArray<{ tokenId: string; label: string }> }
      assert.deepStrictEqual(tokens.tokens.map((row) => row.label), ["ci"])
      assert.notInclude(JSON.stringify(tokens), token, "listed without the secret")
      yield* people(["tokens", "revoke", ...team, tokens.tokens[0]!.tokenId])
      const refused = yield* run(["teams", "list"], token)
      assert.strictEqual(refused.code, 2, "a revoked token is refused by the API")
      assert.include(refused.stderr, "Unauthorized")

      // Refusals: exit 2 with the API's message; --json gives the error body.
      const missing = yield* run(["teams", "show", "team_nope", "--json"])
      assert.strictEqual(missing.code, 2)
      assert.strictEqual((JSON.parse(missing.stderr) as { error: { _tag: string } }).error._tag, "NotFound")
      const badStage = yield* run(["setup", "stages", ...team, "--assessment", "no-such-stage"])
      assert.strictEqual(badStage.code, 2, "Fulcrum refuses a stage Lever does not have")

      for (const text of outputs) {
        assert.notInclude(text, permanentKey, "the permanent key is never printed")
        assert.notInclude(text, setupKey, "the setup key is never printed")
      }
    }))

  it.effect("the bin: exit codes, a secret on stdin, --json and completions", () =>
    Effect.gen(function*() {
      const host = yield* Host
      const env = { FULCRUM_URL: host.url, FULCRUM_TOKEN: operatorToken }

      const created = (yield* Cli.runJson(host.url, operatorToken, ["teams", "create", "--name", "Globex", "--environment", "custom", "--lever-url", host.leverUrl])) as TeamJson
      const teamId = created.settings.teamId

      const keyed = yield* Cli.spawn(["setup", "key", "--json"], { env: { ...env, FULCRUM_TEAM: teamId }, stdin: `${permanentKey}\n` })
      assert.strictEqual(keyed.code, 0, keyed.stderr)
      assert.notInclude(keyed.stdout + keyed.stderr, permanentKey, "a key read from stdin is not echoed")
      assert.deepStrictEqual(
        (JSON.parse(keyed.stdout) as TeamJson).checklist.items.filter((item) => item.done).map((item) => item.id),
        ["connection", "permissions"]
      )

      // Independent child processes, started together: each pays Node's start-up.
      const [usage, refused, unreachable, completions] = yield* Effect.all([
        Cli.spawn(["teams", "frobnicate"], { env }),
        Cli.spawn(["teams", "list"], { env: { ...env, FULCRUM_TOKEN: "not-a-valid-token-at-all" } }),
        Cli.spawn(["health"], { env: { FULCRUM_URL: "http://127.0.0.1:9" } }),
        Cli.spawn(["--completions", "bash"], {})
      ], { concurrency: "unbounded" })
      assert.strictEqual(usage.code, 1, "an unknown command is a usage error")
      assert.strictEqual(refused.code, 2, "a wrong token is refused by the API")
      assert.strictEqual(unreachable.code, 3, "nothing listening is unreachable")
      assert.strictEqual(completions.code, 0)
      assert.include(completions.stdout, "fulcrum")
      assert.include(completions.stdout, "archive-reasons")
    }), 180_000)
})
