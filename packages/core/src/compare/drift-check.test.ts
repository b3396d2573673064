import { describe, expect, it } from 'vitest'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { createRandom } from '../stats/prng.js'
import { driftWarning } from './drift-check.js'

const metric: MetricSpec & MetricPolicy = { name: 'nsPerOp', unit: 'ns', better: 'lower', gated: true, threshold: 0.05 }

describe('driftWarning', () => {
  it('warns when the head/base ratio climbs round after round, with its size', () => {
    const random = createRandom(1)
    const base = Array.from({ length: 20 }, () => 1000 * (1 + (random() - 0.5) * 0.01))
    const head = base.map((b, i) => b * (1 + 0.01 * i) * (1 + (random() - 0.5) * 0.01))
    const warning = driftWarning(base, head, metric, 'after vs before')
    expect(warning?.code).toBe('drift')
    expect(warning?.message).toMatch(/rising from first to last round/)
    expect(warning?.message).toMatch(/after vs before, nsPerOp/)
  })

  it('stays quiet when both variants drift together (the pairing absorbs it)', () => {
    const random = createRandom(2)
    const machine = Array.from({ length: 20 }, (_, i) => 1 + 0.03 * i)
    const base = machine.map((m) => 1000 * m * (1 + (random() - 0.5) * 0.02))
    const head = machine.map((m) => 1100 * m * (1 + (random() - 0.5) * 0.02))
    expect(driftWarning(base, head, metric, 's')).toBeNull()
  })

  it('needs at least eight rounds to judge', () => {
    expect(driftWarning([1, 2, 3], [2, 4, 8], metric, 's')).toBeNull()
  })
})
