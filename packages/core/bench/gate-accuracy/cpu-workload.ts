import type { Workload } from './workload.js'

/** Integer hashing in a tight loop: the quietest kind of work, jitter from the CPU only. */
export function cpuWorkload(): Workload {
  const baseIterations = 30_000
  return {
    name: 'cpu',
    description: `integer loop, ${baseIterations.toLocaleString('en')} iterations`,
    roundMs: 40,
    start: async () => {},
    stop: async () => {},
    operation: (change) => {
      const iterations = Math.round(baseIterations * (1 + change))
      return () => {
        let x = 0
        for (let i = 0; i < iterations; i++) x = (Math.imul(x, 31) + i) | 0
        return x
      }
    },
  }
}
