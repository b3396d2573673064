import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DynoError } from '../errors/dyno-error.js'
import type { ResultFile } from './result-file.js'
import { readResultFile, resultPath, writeResultFile } from './result-io.js'
import { resultProblems } from './validate-result.js'

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'dyno-io-'))
}

function minimalResult(): ResultFile {
  return {
    schemaVersion: 1,
    kind: 'dyno-result',
    runId: '20261123T104512Z-3fa9',
    dynoVersion: '0.1.0',
    scenario: {
      id: 'demo/x',
      description: 'd',
      runner: { kind: 'micro', options: {} },
      baselineVariant: 'a',
      metrics: [{ name: 'nsPerOp', unit: 'ns', better: 'lower', gated: true, threshold: 0.05 }],
      claims: [],
      budgets: [],
      requires: [],
      tags: [],
      sourceFile: null,
    },
    environment: {
      machineId: 'abc',
      cpu: { model: 'cpu', cores: 2, speedMHz: 0, arch: 'x64' },
      memoryBytes: 1,
      os: { platform: 'linux', release: '6', version: 'v' },
      runtime: { node: '20.20.2', v8: '11', uv: '1' },
      timezone: 'UTC',
      git: null,
      loadAverage: [0, 0, 0],
      packages: {},
      databases: [],
      dataset: null,
    },
    session: {
      seed: 1,
      quick: true,
      startedAt: '2026-11-23T10:45:12.000Z',
      finishedAt: '2026-11-23T10:45:13.000Z',
      durationMs: 1000,
      warmupRounds: 1,
      plannedRounds: 1,
      minRounds: 1,
      adaptive: false,
      measuredRounds: 1,
      timeBudgetMs: 1000,
      stopReason: 'rounds-complete',
      schedule: [['a']],
      backgroundCpuCores: null,
      harnessFloorNsPerOp: null,
    },
    variants: [
      {
        name: 'a',
        baseline: true,
        description: null,
        status: 'completed',
        statusReason: null,
        rounds: [
          {
            round: 0,
            position: 0,
            startedAt: '2026-11-23T10:45:12.000Z',
            isolation: 'in-process',
            status: 'ok',
            values: { nsPerOp: 5 },
            detail: {},
          },
        ],
        summaries: {},
      },
    ],
    comparisons: [],
    claims: [],
    budgets: [],
    warnings: [],
    outcome: 'completed',
    error: null,
  }
}

describe('result files', () => {
  it('round-trip through an atomic write, leaving no temp file behind', async () => {
    const dir = await tempDir()
    const file = await writeResultFile(dir, minimalResult())
    expect(file).toBe(resultPath(dir, 'demo/x'))
    expect(await readdir(path.join(dir, 'demo'))).toEqual(['x.json'])
    expect((await readResultFile(file)).runId).toBe('20261123T104512Z-3fa9')
  })

  it('name the file and the field when a value has the wrong type', async () => {
    const dir = await tempDir()
    const file = path.join(dir, 'bad.json')
    const doc = minimalResult()
    const round = doc.variants[0]?.rounds[0] as unknown as { values: Record<string, unknown> }
    round.values.nsPerOp = 'fast'
    await writeFile(file, JSON.stringify(doc))
    const error = await readResultFile(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DynoError)
    expect((error as DynoError).message).toContain(file)
    expect((error as DynoError).details.join('\n')).toContain('variants.0.rounds.0.values.nsPerOp: must be number,null')
  })

  it('explain a file that is not JSON, not a result, or from a newer dyno', async () => {
    const dir = await tempDir()
    const cases: [string, RegExp][] = [
      ['{"schemaVersion": 1, "kind": "dyno-result"', /is not valid JSON/],
      ['[1, 2]', /not a dyno result file/],
      ['{"kind": "something-else"}', /field 'kind'/],
      ['{"kind": "dyno-result", "schemaVersion": 9}', /schemaVersion 9, newer than this dyno/],
    ]
    for (const [i, [text, message]] of cases.entries()) {
      const file = path.join(dir, `case-${i}.json`)
      await writeFile(file, text)
      await expect(readResultFile(file)).rejects.toThrow(message)
    }
    await expect(readResultFile(path.join(dir, 'missing.json'))).rejects.toThrow(/does not exist/)
  })

  it('publish a schema that rejects unknown fields', async () => {
    const doc = { ...minimalResult(), surprise: true }
    expect(resultProblems(doc)).toEqual(["(top level): must NOT have additional properties 'surprise'"])
    const schema = JSON.parse(await readFile(new URL('../../schema/result-v1.schema.json', import.meta.url), 'utf8')) as { $id: string }
    expect(schema.$id).toMatch(/result-v1/)
  })

  it('accept the refs record of compare-refs results, and still accept files written before it existed', () => {
    const sha = 'a'.repeat(40)
    const withRefs: ResultFile = {
      ...minimalResult(),
      refs: {
        side: 'head',
        base: { ref: 'origin/main', sha, dirty: false, dynoVersion: '0.2.0' },
        head: { ref: 'HEAD', sha: 'b'.repeat(40), dirty: true, tree: 'c'.repeat(40), dynoVersion: '0.2.0' },
      },
    }
    expect(resultProblems(JSON.parse(JSON.stringify(withRefs)))).toEqual([])
    expect(resultProblems(minimalResult())).toEqual([])
    const wrongSide = { ...withRefs, refs: { ...withRefs.refs, side: 'middle' } }
    expect(resultProblems(wrongSide)).toEqual(['refs.side: must be equal to one of the allowed values (base, head)'])
    const shortSha = { ...withRefs, refs: { ...withRefs.refs, base: { ref: 'main', sha: 'abc', dirty: false, dynoVersion: '0.2.0' } } }
    expect(resultProblems(shortSha).join('\n')).toContain('refs.base.sha: must match pattern')
  })
})
