import type { Workload } from './workload.js'

/**
 * Short-lived objects in bulk: young-generation GC pauses land at random in the samples,
 * giving a skewed, heavier-tailed noise than pure CPU work.
 */
export function allocWorkload(): Workload {
  const baseObjects = 4_000
  return {
    name: 'alloc',
    description: `allocate ${baseObjects.toLocaleString('en')} small objects and a string each`,
    roundMs: 40,
    start: async () => {},
    stop: async () => {},
    operation: (change) => {
      const count = Math.round(baseObjects * (1 + change))
      return () => {
        const items: { id: number; name: string; tags: number[] }[] = []
        for (let i = 0; i < count; i++) items.push({ id: i, name: `item-${i}`, tags: [i, i + 1] })
        return items.length + (items[count >> 1]?.name.length ?? 0)
      }
    },
  }
}
