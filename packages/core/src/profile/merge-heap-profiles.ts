import type { CallFrame, SamplingHeapNode, SamplingHeapProfile } from './cpu-profile.js'

/**
 * One sampling heap profile from several rounds' profiles, merged by call path like
 * mergeCpuProfiles: allocated bytes add up per path, and the samples are renumbered.
 */
function sameFrame(a: CallFrame, b: CallFrame): boolean {
  return a.functionName === b.functionName && a.url === b.url && a.lineNumber === b.lineNumber && a.columnNumber === b.columnNumber
}

export function mergeHeapProfiles(profiles: readonly SamplingHeapProfile[]): SamplingHeapProfile {
  const first = profiles[0]
  if (first === undefined) throw new RangeError('mergeHeapProfiles needs at least one profile')
  if (profiles.length === 1) return first
  let nextId = 1
  const head: SamplingHeapNode = { callFrame: { ...first.head.callFrame }, selfSize: 0, id: nextId++, children: [] }
  const samples: SamplingHeapProfile['samples'] = []
  let ordinal = 0
  for (const profile of profiles) {
    const mapped = new Map<number, number>()
    const stack: [SamplingHeapNode, SamplingHeapNode][] = [[profile.head, head]]
    head.selfSize += profile.head.selfSize
    mapped.set(profile.head.id, head.id)
    while (stack.length > 0) {
      const [node, target] = stack.pop() as [SamplingHeapNode, SamplingHeapNode]
      for (const child of node.children) {
        let into = target.children.find((c) => sameFrame(c.callFrame, child.callFrame))
        if (into === undefined) {
          into = { callFrame: { ...child.callFrame }, selfSize: 0, id: nextId++, children: [] }
          target.children.push(into)
        }
        into.selfSize += child.selfSize
        mapped.set(child.id, into.id)
        stack.push([child, into])
      }
    }
    for (const sample of [...profile.samples].sort((a, b) => a.ordinal - b.ordinal)) {
      samples.push({ size: sample.size, nodeId: mapped.get(sample.nodeId) ?? head.id, ordinal: ordinal++ })
    }
  }
  return { head, samples }
}
