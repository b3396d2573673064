import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  collectFingerprint,
  type DescribedScenario,
  functionCosts,
  type ProtocolHello,
  profileRefScenario,
  type RefRecord,
  type ResultFile,
  resolvedFromDescription,
  resultProblems,
  runRefSession,
  SERVER_PROFILING_REVISION,
} from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { profileRefScenarios } from './profile-ref-scenarios.js'
import { type BuildHarness, buildCanProfile, describeBuild, runProfileRoundInBuild, runRoundInBuild } from './round-client.js'

/**
 * compare-refs profiling of an http-load scenario through the round protocol, with the built
 * `dyno __round` of this worktree (npm test builds first) as both builds: the profiling round
 * must profile the server's own process, where the round's measured work runs, over the
 * measured load only. The server (core test-fixtures/hot-server.mjs) calls one busy function
 * during the warm-up and another during the measured phase, so which process and which phase
 * a profile covers shows in its function names, never in a timing.
 */
const BIN = fileURLToPath(new URL('../../bin/dyno.js', import.meta.url))
const HOT_SERVER = fileURLToPath(new URL('../../../core/test-fixtures/hot-server.mjs', import.meta.url))
const MEASURED = 'distinctiveMeasuredServerWork'
const WARM_UP = 'distinctiveWarmUpServerWork'
const SCENARIO_ID = 'demo/hot-server'
const environment = collectFingerprint({ cwd: process.cwd() })
const refs: { base: RefRecord; head: RefRecord } = {
  base: { ref: 'main', sha: 'a'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
  head: { ref: 'HEAD', sha: 'b'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
}
let dir: string
let described: DescribedScenario
let hello: ProtocolHello

function harness(label: string, bin = BIN): BuildHarness {
  return { label, bin, cwd: dir, env: { ...process.env, NO_COLOR: '1' } }
}

/** One profiling round of `variant` in a fresh process of this worktree's dyno. */
function profileRound(variant: string, settings: Parameters<typeof runProfileRoundInBuild>[1]['settings'], repeat = 1) {
  return runProfileRoundInBuild(
    harness('head: HEAD (1234567)'),
    { scenarioFile: 'hot.scenario.mjs', scenarioId: SCENARIO_ID, variant, quick: true, seed: 1, calibration: null, settings, repeat },
    120_000,
    'http-load',
  )
}

/** Measured results with made-up figures (1 per metric): profiling needs them, never measures them. */
async function measured(): Promise<{ base: ResultFile; head: ResultFile }> {
  const resolved = resolvedFromDescription(described)
  const values = Object.fromEntries(described.record.metrics.map((m) => [m.name, 1]))
  const session = await runRefSession({
    runId: '20261123T000000Z-abcd',
    seed: 3,
    quick: true,
    rounds: 2,
    warmupRounds: 0,
    base: resolved,
    head: resolved,
    refs,
    environments: { base: environment, head: environment },
    runArm: async () => ({ outcome: { status: 'ok', values, detail: { ok: 1 } }, calibration: null, warnings: [] }),
  })
  if (session.base === null) throw new Error('expected a base result')
  return { base: session.base, head: session.head }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-refs-http-profile-'))
  const server = { module: HOT_SERVER, export: 'createHotServer', options: { work: 16 } }
  // Plain objects, no imports: the scenario file needs nothing installed beside it.
  writeFileSync(
    path.join(dir, 'hot.scenario.mjs'),
    `const server = ${JSON.stringify(server)}
export default {
  id: '${SCENARIO_ID}', description: 'a server that spends its time in a distinctively named function',
  runner: { kind: 'http-load', load: { model: 'closed', connections: 2, durationMs: 300 }, routes: [{ name: 'hot', path: '/' }], windowMs: 100, warmupMs: 150 },
  variants: { base: { baseline: true, server }, head: { server } },
}
`,
  )
  // A server module in TypeScript, as a project's own server often is: its process needs tsx.
  writeFileSync(
    path.join(dir, 'typed-server.ts'),
    `import http from 'node:http'
export function createTypedServer(options: { body: string }): http.Server {
  return http.createServer((request, response) => {
    request.resume()
    response.end(options.body satisfies string)
  })
}
`,
  )
  writeFileSync(
    path.join(dir, 'typed.scenario.mjs'),
    `const server = { module: new URL('./typed-server.ts', import.meta.url).href, export: 'createTypedServer', options: { body: 'typed' } }
export default {
  id: 'demo/typed-server', description: 'a server module written in TypeScript',
  runner: { kind: 'http-load', load: { model: 'closed', connections: 2, durationMs: 200 }, routes: [{ name: 'root', path: '/' }], windowMs: 100, warmupMs: 50 },
  variants: { base: { baseline: true, server }, head: { server } },
}
`,
  )
  // A build whose dyno would be started if profiling were asked of it: it leaves a mark.
  writeFileSync(path.join(dir, 'revision-2-dyno.mjs'), `import { writeFileSync } from 'node:fs'\nwriteFileSync('started', '')\n`)
  const reply = await describeBuild(harness('head: HEAD (1234567)'), { scenarioPaths: ['hot.scenario.mjs'], threshold: null })
  hello = reply.hello
  const scenario = reply.reply.scenarios[0]
  if (scenario === undefined) throw new Error(`the scenario did not load: ${JSON.stringify(reply.reply.problems)}`)
  described = scenario
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('compare-refs profiling of an http-load scenario', () => {
  it('profiles the server’s process over the measured load in a fresh round, and says it can from its hello', async () => {
    expect(hello.revision).toBeGreaterThanOrEqual(SERVER_PROFILING_REVISION)
    expect(buildCanProfile(hello, 'http-load')).toBe(true)
    const reply = await profileRound('head', { samplingIntervalUs: 100, heap: false })
    expect(reply.outcome.status, JSON.stringify(reply.outcome)).toBe('ok')
    expect(reply.captures).toHaveLength(1)
    const [first] = reply.captures
    if (first === undefined) throw new Error('no capture')
    expect(first.values.throughputRps).toBeGreaterThan(0)
    const names = functionCosts(first.capture.cpu).functions.map((f) => f.functionName)
    expect(names).toContain(MEASURED)
    expect(names).not.toContain(WARM_UP)
  })

  it('starts a server module written in TypeScript in a fresh round, as `dyno run` does', async () => {
    const reply = await runRoundInBuild(
      harness('head: HEAD (1234567)'),
      { scenarioFile: 'typed.scenario.mjs', scenarioId: 'demo/typed-server', variant: 'head', quick: true, seed: 1, calibration: null },
      120_000,
    )
    expect(reply.outcome.status, JSON.stringify(reply.outcome)).toBe('ok')
    expect(reply.outcome.status === 'ok' ? reply.outcome.values.throughputRps : 0).toBeGreaterThan(0)
  })

  it('gives both builds’ server profiles, the differential view and profiledProcess: server, in a schema-valid result', async () => {
    const results = await measured()
    const profiled = await profileRefScenario({
      plan: { scenarioId: SCENARIO_ID, trigger: 'requested', reason: 'as asked', variants: { base: ['head'], head: ['head'] } },
      results,
      head: resolvedFromDescription(described),
      roots: { base: dir, head: dir },
      runDir: path.join(dir, 'run'),
      seed: 5,
      quick: true,
      rounds: 1,
      runArm: ({ arm, settings, repeat }) => profileRound(arm.variant, settings, repeat),
    })
    const record = profiled.profile
    if (record === undefined) throw new Error('no profile record')
    expect(record.warnings.filter((w) => w.startsWith('profiling failed'))).toEqual([])
    expect(record.profiledProcess).toBe('server')
    expect(record.variants.map((v) => `${v.label} ${v.status}`)).toEqual(['base:head profiled', 'head:head profiled'])
    for (const variant of record.variants) expect(variant.topFunctions.map((f) => f.functionName)).toContain(MEASURED)
    expect(record.diffs.map((d) => `${d.base}→${d.head}`)).toEqual(['base:head→head:head'])
    expect(resultProblems(JSON.parse(JSON.stringify(profiled)))).toEqual([])
  })

  it('profiles HEAD alone, with a notice, when BASE’s dyno profiles rounds but not an http-load scenario’s server', async () => {
    const results = await measured()
    const lines: string[] = []
    const runDir = mkdtempSync(path.join(dir, 'run-'))
    const revision2: ProtocolHello = { type: 'hello', protocol: hello.protocol, revision: 2, dynoVersion: '0.9.5' }
    expect(buildCanProfile(revision2)).toBe(true)
    expect(buildCanProfile(revision2, 'http-load')).toBe(false)
    const [head] = await profileRefScenarios({
      policy: { mode: 'always', rounds: 1 },
      comparisons: [],
      results: { base: [results.base], head: [results.head] },
      toRun: [{ base: described, head: described }],
      harness: { base: harness('base: v0.9.5 (89abcde)', path.join(dir, 'revision-2-dyno.mjs')), head: harness('head: HEAD (1234567)') },
      hello: { base: revision2, head: hello },
      runDir,
      seed: 5,
      quick: true,
      roundTimeoutMs: () => 120_000,
      signal: new AbortController().signal,
      log: (line) => lines.push(line),
    })
    const notice = `base: v0.9.5 (89abcde) cannot be profiled: its dyno 0.9.5 speaks round protocol ${hello.protocol} revision 2, and profiling an http-load scenario's server needs revision ${SERVER_PROFILING_REVISION}`
    expect(lines).toContain(`  note: ${notice}; HEAD was profiled alone`)
    expect(lines.some((line) => line.startsWith(`profiling ${SCENARIO_ID} on HEAD`))).toBe(true)
    expect(existsSync(path.join(dir, 'started'))).toBe(false)
    const record = head?.profile
    expect(record?.profiledProcess).toBe('server')
    expect(record?.warnings[0]).toBe(`${notice}; HEAD was profiled alone`)
    expect(record?.variants.map((v) => `${v.label} ${v.status}`)).toEqual(['head:base profiled', 'head:head profiled'])
    expect(record?.diffs).toEqual([])
  })

  it('profiles nothing of it, with a note, when HEAD’s dyno profiles rounds but not an http-load scenario’s server', async () => {
    const results = await measured()
    const lines: string[] = []
    const revision2: ProtocolHello = { type: 'hello', protocol: hello.protocol, revision: 2, dynoVersion: '0.9.5' }
    const [head] = await profileRefScenarios({
      policy: { mode: 'always', rounds: 1 },
      comparisons: [],
      results: { base: [results.base], head: [results.head] },
      toRun: [{ base: described, head: described }],
      harness: {
        base: harness('base: main (1234567)'),
        head: harness('head: v0.9.5 (89abcde)', path.join(dir, 'revision-2-dyno.mjs')),
      },
      hello: { base: hello, head: revision2 },
      runDir: mkdtempSync(path.join(dir, 'run-')),
      seed: 5,
      quick: true,
      roundTimeoutMs: () => 120_000,
      signal: new AbortController().signal,
      log: (line) => lines.push(line),
    })
    expect(lines).toEqual([
      `${SCENARIO_ID}: not profiled: head: v0.9.5 (89abcde) cannot be profiled: its dyno 0.9.5 speaks round protocol ${hello.protocol} revision 2, and profiling an http-load scenario's server needs revision ${SERVER_PROFILING_REVISION}`,
    ])
    expect(existsSync(path.join(dir, 'started'))).toBe(false)
    expect(head?.profile).toBeUndefined()
  })
})
