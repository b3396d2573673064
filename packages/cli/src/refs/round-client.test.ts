import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DynoError, PROFILING_REVISION, ROUND_PROTOCOL_REVISION, ROUND_PROTOCOL_VERSION, SERVER_PROFILING_REVISION } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BuildHarness,
  buildCanProfile,
  describeBuild,
  findBuildDyno,
  runProfileRoundInBuild,
  runRoundInBuild,
} from './round-client.js'

/**
 * The round protocol between two real processes: the built `dyno __round` of this worktree
 * (npm test builds first) serving scenario files from a temporary directory, and fake
 * "builds" whose dyno predates the protocol or speaks another version of it.
 */
const BIN = fileURLToPath(new URL('../../bin/dyno.js', import.meta.url))
let dir: string
const profiling = {
  scenarioFile: 'sum.scenario.mjs',
  scenarioId: 'demo/sum',
  variant: 'loop',
  quick: true,
  seed: 1,
  calibration: null,
  settings: { samplingIntervalUs: 100, heap: false },
}

function harness(bin = BIN, label = 'head: HEAD (1234567)'): BuildHarness {
  return { label, bin, cwd: dir, env: { ...process.env, NO_COLOR: '1' } }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-round-client-'))
  // Plain objects, no imports: the scenario files need nothing installed beside them.
  writeFileSync(
    path.join(dir, 'sum.scenario.mjs'),
    `const sum = (n) => () => { let s = 0; for (let i = 0; i < n; i++) s += i; return s }
export default {
  id: 'demo/sum', description: 'sums', runner: { kind: 'micro', roundMs: 10 },
  setup: () => 2000,
  variants: { loop: { baseline: true, prepare: (n) => sum(n) }, wrong: { prepare: () => () => -1 }, crash: { prepare: () => process.exit(7) } },
  verify: (out) => out === 1999000 || 'wrong sum',
}
`,
  )
  writeFileSync(
    path.join(dir, 'invalid.scenario.mjs'),
    `export default { id: 'Not An Id', description: '', runner: { kind: 'micro' }, variants: {} }\n`,
  )
  writeFileSync(path.join(dir, 'old-dyno.mjs'), `console.error("error: unknown command '__round'")\nprocess.exit(1)\n`)
  writeFileSync(path.join(dir, 'future-dyno.mjs'), `process.send({ type: 'hello', protocol: 99, dynoVersion: '9.0.0' })\n`)
  // A dyno from before profiling rounds: protocol 1 without a revision; it would answer anything with a round outcome.
  writeFileSync(
    path.join(dir, 'pre-profiling-dyno.mjs'),
    `process.send({ type: 'hello', protocol: 1, dynoVersion: '0.9.0' })
process.on('message', () => process.send({ type: 'outcome', outcome: { status: 'ok', values: {}, detail: {} }, calibration: null, warnings: [] }, () => process.exit(0)))
`,
  )
  // A dyno from before server profiling: profiling rounds, but only of its own process; it would answer with no captures.
  writeFileSync(
    path.join(dir, 'revision-2-dyno.mjs'),
    `process.send({ type: 'hello', protocol: 1, revision: 2, dynoVersion: '0.9.5' })
process.on('message', () => process.send({ type: 'profiled', outcome: { status: 'ok', values: {}, detail: {} }, calibration: null, captures: [], warnings: [] }, () => process.exit(0)))
`,
  )
  mkdirSync(path.join(dir, 'project', 'node_modules', '@dyno', 'cli', 'bin'), { recursive: true })
  writeFileSync(
    path.join(dir, 'project', 'node_modules', '@dyno', 'cli', 'package.json'),
    JSON.stringify({ bin: { dyno: './bin/dyno.js' } }),
  )
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the round protocol', () => {
  it('describes a build’s scenarios as plain data and reports the ones that are not valid', async () => {
    const { hello, reply } = await describeBuild(harness(), { scenarioPaths: ['.'], threshold: 0.1 })
    expect(hello.protocol).toBe(ROUND_PROTOCOL_VERSION)
    expect(reply.scenarios.map((s) => s.record.id)).toEqual(['demo/sum'])
    const sum = reply.scenarios[0]
    expect(sum?.record.sourceFile).toBe('sum.scenario.mjs')
    expect(sum?.record.baselineVariant).toBe('loop')
    expect(sum?.record.metrics[0]).toMatchObject({ name: 'nsPerOp', gated: true, threshold: 0.1 })
    expect(sum?.variants.map((v) => v.name)).toEqual(['loop', 'wrong', 'crash'])
    expect(reply.problems).toEqual([expect.objectContaining({ file: 'invalid.scenario.mjs', scenarioId: 'Not An Id' })])
  })

  it('measures one round in a fresh process and returns the batch size it chose, which later rounds keep', async () => {
    const request = { scenarioFile: 'sum.scenario.mjs', scenarioId: 'demo/sum', variant: 'loop', quick: true, seed: 1, calibration: null }
    const first = await runRoundInBuild(harness(), request, 60_000)
    expect(first.outcome.status).toBe('ok')
    expect(first.outcome.status === 'ok' && first.outcome.values.nsPerOp).toBeGreaterThan(0)
    expect(first.calibration?.batchSize).toBeGreaterThanOrEqual(1)
    const second = await runRoundInBuild(harness(), { ...request, calibration: { batchSize: 3, isAsync: false } }, 60_000)
    expect(second.outcome.status === 'ok' && second.outcome.detail.batchSize).toBe(3)
  })

  it('verifies the output in every fresh process and records a wrong one as invalid', async () => {
    const reply = await runRoundInBuild(
      harness(),
      {
        scenarioFile: 'sum.scenario.mjs',
        scenarioId: 'demo/sum',
        variant: 'wrong',
        quick: true,
        seed: 1,
        calibration: { batchSize: 1, isAsync: false },
      },
      60_000,
    )
    expect(reply.outcome).toMatchObject({ status: 'invalid', reason: 'wrong sum' })
  })

  it('records a round whose process dies as errored, with what it printed, instead of failing the session', async () => {
    // A private temporary directory (test files run in processes of their own), to see what is left in it.
    const privateTmp = path.join(dir, 'tmp')
    mkdirSync(privateTmp)
    const server = harness() // its environment keeps the usual TMPDIR; only this process's changes
    const tmpBefore = process.env.TMPDIR
    process.env.TMPDIR = privateTmp
    const reply = await runRoundInBuild(
      server,
      { scenarioFile: 'sum.scenario.mjs', scenarioId: 'demo/sum', variant: 'crash', quick: true, seed: 1, calibration: null },
      60_000,
    ).finally(() => {
      if (tmpBefore === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = tmpBefore
    })
    expect(reply.outcome.status).toBe('errored')
    expect(reply.outcome.status === 'errored' && reply.outcome.error.message).toMatch(/exited with code 7 before replying/)
    // Its scratch directory went with it, although the process never cleaned up after itself.
    expect(readdirSync(privateTmp)).toEqual([])
  })

  it('profiles the measured work of a fresh process as many times as asked, and says it can from its hello', async () => {
    const { hello } = await describeBuild(harness(), { scenarioPaths: ['.'], threshold: null })
    expect(hello.revision).toBe(ROUND_PROTOCOL_REVISION)
    expect(buildCanProfile(hello)).toBe(true)
    expect(buildCanProfile(hello, 'http-load')).toBe(true)
    const reply = await runProfileRoundInBuild(harness(), { ...profiling, repeat: 3 }, 60_000, 'micro')
    expect(reply.outcome.status).toBe('ok')
    expect(reply.calibration?.batchSize).toBeGreaterThanOrEqual(1)
    expect(reply.captures).toHaveLength(3)
    for (const { capture, values } of reply.captures) {
      expect(capture.cpu.samples?.length).toBeGreaterThan(0)
      expect(values.nsPerOp).toBeGreaterThan(0)
    }
  })

  it('never sends a profiling round to a dyno that predates them, and says which side cannot be profiled', async () => {
    const old = harness(path.join(dir, 'pre-profiling-dyno.mjs'), 'base: v0.9 (89abcde)')
    expect(buildCanProfile({ type: 'hello', protocol: 1, dynoVersion: '0.9.0' })).toBe(false)
    const error = await runProfileRoundInBuild(old, { ...profiling, repeat: 1 }, 60_000, 'micro').catch((e: unknown) => e)
    expect((error as DynoError).code).toBe('round-profiling-unsupported')
    expect((error as DynoError).message).toBe(
      `base: v0.9 (89abcde) cannot be profiled: its dyno 0.9.0 speaks round protocol 1 revision 1, and profiling rounds need revision ${PROFILING_REVISION}`,
    )
    // Measuring still works with it: the revision only gates profiling.
    const measured = await runRoundInBuild(
      old,
      { scenarioFile: 'sum.scenario.mjs', scenarioId: 'demo/sum', variant: 'loop', quick: true, seed: 1, calibration: null },
      60_000,
    )
    expect(measured.outcome.status).toBe('ok')
  })

  it('never sends an http-load profiling round to a dyno whose profiling rounds predate profiling the server, but still profiles others with it', async () => {
    const older = harness(path.join(dir, 'revision-2-dyno.mjs'), 'base: v0.9.5 (89abcde)')
    const hello = { type: 'hello' as const, protocol: 1, revision: 2, dynoVersion: '0.9.5' }
    expect(buildCanProfile(hello)).toBe(true)
    expect(buildCanProfile(hello, 'micro')).toBe(true)
    expect(buildCanProfile(hello, 'http-load')).toBe(false)
    const error = await runProfileRoundInBuild(older, { ...profiling, repeat: 1 }, 60_000, 'http-load').catch((e: unknown) => e)
    expect((error as DynoError).code).toBe('round-profiling-unsupported')
    expect((error as DynoError).message).toBe(
      `base: v0.9.5 (89abcde) cannot be profiled: its dyno 0.9.5 speaks round protocol 1 revision 2, and profiling an http-load scenario's server needs revision ${SERVER_PROFILING_REVISION}`,
    )
    const micro = await runProfileRoundInBuild(older, { ...profiling, repeat: 1 }, 60_000, 'micro')
    expect(micro.outcome.status).toBe('ok')
  })

  it('refuses a build whose dyno predates the protocol, saying which side and what it answered', async () => {
    const error = await describeBuild(harness(path.join(dir, 'old-dyno.mjs'), 'base: v0.1 (89abcde)'), {
      scenarioPaths: [],
      threshold: null,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DynoError)
    expect((error as DynoError).exitKind).toBe('usage')
    expect((error as DynoError).message).toMatch(/^base: v0\.1 \(89abcde\): its dyno does not serve the round protocol/)
    expect((error as DynoError).message).toContain("unknown command '__round'")
  })

  it('refuses a build whose dyno speaks another version of the protocol', async () => {
    const error = await describeBuild(harness(path.join(dir, 'future-dyno.mjs')), { scenarioPaths: [], threshold: null }).catch(
      (e: unknown) => e,
    )
    expect((error as DynoError).code).toBe('round-protocol-mismatch')
    expect((error as DynoError).message).toContain(`its dyno 9.0.0 speaks round protocol 99, this dyno speaks ${ROUND_PROTOCOL_VERSION}`)
  })

  it('finds the build’s own dyno the way Node resolves the package, and says when there is none', () => {
    expect(findBuildDyno(path.join(dir, 'project'), 'head')).toBe(
      path.join(dir, 'project', 'node_modules', '@dyno', 'cli', 'bin', 'dyno.js'),
    )
    expect(() => findBuildDyno(os.tmpdir(), 'base: main (1111111)')).toThrow(
      /base: main \(1111111\): the build has no @dyno\/cli installed/,
    )
  })
})
