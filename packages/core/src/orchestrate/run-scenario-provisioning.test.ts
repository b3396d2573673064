import { describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { micro } from '../runners/micro-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import { resultProblems } from '../schema/validate-result.js'
import { type ProvisionedResources, type Provisioner, ProvisioningError } from './provisioner.js'
import { runScenario } from './run-scenario.js'

/**
 * The contract between core and a provisioner (@dyno/db in real runs), checked with a fake
 * one: no driver is needed to see when core resets, asks for health and disposes.
 */
const environment = collectFingerprint({ cwd: process.cwd() })
const base = { runId: '20261123T000000Z-abcd', seed: 3, quick: true, environment, rounds: 6, warmupRounds: 1 }

function fakeProvisioner(behaviour: { resetFailsAfter?: number; healthy?: () => boolean; provisionFails?: boolean }) {
  const log: string[] = []
  const provisioner: Provisioner = {
    async provision() {
      log.push('provision')
      if (behaviour.provisionFails) throw new ProvisioningError('no mysql server: DYNO_MYSQL_URL is not set')
      let resets = 0
      const resources: ProvisionedResources = {
        databases: {
          mysql: { engine: 'mysql', url: 'mysql://root@127.0.0.1:1/dyno', version: '10.11.19', provider: 'local', settings: {} },
        },
        fingerprints: [{ engine: 'mysql', version: '10.11.19', settings: { innodb_flush_log_at_trx_commit: '1' }, provider: 'local' }],
        dataset: 'items-v1-s1-n1000',
        warnings: [{ code: 'embedded-fallback', severity: 'warning', message: 'ran on the stand-in' }],
        async reset() {
          resets++
          log.push('reset')
          if (behaviour.resetFailsAfter !== undefined && resets > behaviour.resetFailsAfter) {
            throw new ProvisioningError('the local MariaDB server (pid 1) was killed by SIGKILL while the scenario used it')
          }
        },
        async health() {
          log.push('health')
          if (behaviour.healthy && !behaviour.healthy())
            throw new ProvisioningError('the local MariaDB server (pid 1) exited with code 1 while the scenario used it')
        },
        async [Symbol.asyncDispose]() {
          log.push('dispose')
        },
      }
      return resources
    },
  }
  return { provisioner, log }
}

function scenario(run: () => number, extra: Partial<AnyScenario> = {}): AnyScenario {
  return defineScenario({
    id: 'test/with-db',
    description: 'needs a database',
    runner: micro({ roundMs: 2 }),
    requires: [{ kind: 'database', engine: 'mysql' }],
    variants: { a: { baseline: true, prepare: () => run }, b: { prepare: () => run } },
    ...extra,
  }) as AnyScenario
}

describe('runScenario with a provisioner', () => {
  it('resets the databases before every round of every variant and records their fingerprint and dataset', async () => {
    const { provisioner, log } = fakeProvisioner({})
    const seen: string[] = []
    const result = await runScenario(
      resolveScenario(
        scenario(() => 1, {
          setup: (context) => {
            seen.push(Object.keys(context.databases).join(','))
          },
        }),
      ),
      { ...base, provisioner },
    )
    expect(result.outcome).toBe('completed')
    expect(seen).toEqual(['mysql'])
    // one warm-up and six measured rounds of two variants
    expect(log.filter((entry) => entry === 'reset')).toHaveLength(14)
    expect(log[0]).toBe('provision')
    expect(log.at(-1)).toBe('dispose')
    expect(result.environment.databases[0]?.settings.innodb_flush_log_at_trx_commit).toBe('1')
    expect(result.environment.dataset).toBe('items-v1-s1-n1000')
    expect(result.warnings.map((w) => w.code)).toContain('embedded-fallback')
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
  })

  it('stops with provisioning-failed, keeps the rounds it has and disposes when a reset finds the server gone', async () => {
    const { provisioner, log } = fakeProvisioner({ resetFailsAfter: 6 })
    const result = await runScenario(resolveScenario(scenario(() => 1)), { ...base, provisioner })
    expect(result.session.stopReason).toBe('provisioning-failed')
    expect(result.error?.message).toMatch(/killed by SIGKILL while the scenario used it/)
    expect(result.session.measuredRounds).toBe(2)
    expect(result.variants.every((v) => v.rounds.length === 2 && v.rounds.every((r) => r.status === 'ok'))).toBe(true)
    expect(result.outcome).toBe('errored')
    expect(log.at(-1)).toBe('dispose')
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
  })

  it('reports a server that died under a variant as the environment failure, not only as the variant error', async () => {
    let prepared = 0
    let alive = true
    const { provisioner } = fakeProvisioner({ healthy: () => alive })
    const dies = () => {
      alive = false
      throw new Error('Connection lost: The server closed the connection.')
    }
    const result = await runScenario(
      resolveScenario(
        scenario(() => 1, {
          // prepare() runs once per round: the server dies in the third measured round.
          variants: {
            a: { baseline: true, prepare: () => (++prepared > 6 ? dies : () => 1) },
            b: { prepare: () => (++prepared > 6 ? dies : () => 1) },
          },
        }),
      ),
      { ...base, provisioner },
    )
    expect(result.session.stopReason).toBe('provisioning-failed')
    expect(result.error?.message).toMatch(/exited with code 1 while the scenario used it/)
    const errored = result.variants.flatMap((v) => v.rounds).filter((r) => r.status === 'errored')
    expect(errored).toHaveLength(1)
    expect(errored[0]?.error?.message).toMatch(/Connection lost/)
  })

  it('keeps a variant that fails on its own as the variant error when the servers are fine', async () => {
    const { provisioner, log } = fakeProvisioner({ healthy: () => true })
    let prepared = 0
    const wrong = () => {
      throw new Error('wrong column')
    }
    const result = await runScenario(
      resolveScenario(
        scenario(() => 1, {
          variants: {
            a: { baseline: true, prepare: () => () => 1 },
            b: { prepare: () => (++prepared > 3 ? wrong : () => 1) },
            c: { prepare: () => () => 1 },
          },
        }),
      ),
      { ...base, provisioner },
    )
    expect(result.session.stopReason).not.toBe('provisioning-failed')
    expect(result.variants.find((v) => v.name === 'b')?.status).toBe('errored')
    expect(log).toContain('health')
  })

  it('skips every variant and records the reason when provisioning fails', async () => {
    const { provisioner } = fakeProvisioner({ provisionFails: true })
    const result = await runScenario(resolveScenario(scenario(() => 1)), { ...base, provisioner })
    expect(result.session.stopReason).toBe('provisioning-failed')
    expect(result.error?.message).toBe('no mysql server: DYNO_MYSQL_URL is not set')
    expect(result.variants.every((v) => v.status === 'skipped' && v.rounds.length === 0)).toBe(true)
  })
})

describe('database requirements in a scenario definition', () => {
  it('reports a malformed dataset and reset policy as scenario problems', () => {
    const bad = scenario(() => 1, {
      requires: [
        { kind: 'database', engine: 'mysql', dataset: { name: '', rows: -1, seed: 2 ** 33 }, reset: 'sometimes' as 'never' },
        { kind: 'database', engine: 'postgres' as 'mysql' },
      ],
    })
    expect(() => resolveScenario(bad)).toThrow(/not valid/)
    try {
      resolveScenario(bad)
    } catch (error) {
      const details = (error as { details: string[] }).details.join('\n')
      expect(details).toMatch(/dataset needs a name/)
      expect(details).toMatch(/dataset.rows must be a whole number/)
      expect(details).toMatch(/dataset.seed must be a whole number/)
      expect(details).toMatch(/reset must be 'each-round' or 'never'/)
      expect(details).toMatch(/unknown database engine 'postgres'/)
    }
  })
})
