import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSuite } from '../orchestrate/run-suite.js'
import type { AnyScenario } from '../scenario/scenario.js'
import { readResultFile } from '../schema/result-io.js'

/**
 * Seed 001 reported ZIP extraction at "0.23 ns/op, 43 GB/s": a benchmark that measured
 * nothing. The fixture rebuilds that mistake (a result the JIT may throw away, a result
 * computed once and counted every round) beside honest variants, runs it through the real
 * suite runner into a temporary results directory, and reads the written result files back.
 */
const FIXTURE = fileURLToPath(new URL('../../test-fixtures/broken-zip-extract.scenario.mjs', import.meta.url))

let resultsDir: string
let files: string[]

beforeAll(async () => {
  resultsDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-broken-benchmark-'))
  const { default: scenarios } = (await import(FIXTURE)) as { default: AnyScenario[] }
  const run = await runSuite(
    scenarios.map((scenario) => ({ scenario, sourceFile: FIXTURE })),
    { resultsDir, cwd: process.cwd(), quick: true, rounds: 4, warmupRounds: 1, seed: 1 },
  )
  files = run.files
}, 120_000)

afterAll(async () => {
  await rm(resultsDir, { recursive: true, force: true })
})

async function result(id: string) {
  const file = files.find((f) => f.endsWith(`${id.split('/')[1]}.json`))
  expect(file, `a result file for ${id}`).toBeDefined()
  expect(file?.startsWith(resultsDir)).toBe(true)
  return readResultFile(file as string)
}

describe('a deliberately broken benchmark (seed 001 ZIP extraction)', () => {
  it('is flagged as implausible where its result was thrown away, and the honest variant is not', async () => {
    const written = await result('fixture/broken-zip-extract')
    const implausible = written.warnings.filter((w) => w.code === 'implausible-speed')
    const measured = written.variants
      .map((v) => `${v.name} ${v.rounds.map((r) => r.values.nsPerOp?.toPrecision(3)).join('/')} ns`)
      .join(', ')
    expect(
      implausible.map((w) => w.variant),
      `${measured}; empty call ${written.session.harnessFloorNsPerOp} ns`,
    ).toEqual(['guard-result-unused'])
    expect(implausible[0]?.severity).toBe('error')
    expect(implausible[0]?.message).toMatch(/optimised away|measured the harness, not the work/)
    expect(written.variants.every((v) => v.status === 'completed')).toBe(true)
  })

  it('is flagged as implausible where a cached result is counted as bytes processed, although its output checks out', async () => {
    const written = await result('fixture/broken-zip-extract-throughput')
    const flagged = written.warnings.filter((w) => w.code === 'implausible-throughput').map((w) => w.variant)
    expect(flagged).toContain('result-cached')
    expect(flagged).not.toContain('crc-every-round')
    const cached = written.warnings.find((w) => w.code === 'implausible-throughput' && w.variant === 'result-cached')
    expect(cached?.message).toMatch(/make run\(\) process (its|fresh) input every round/)
  })
})
