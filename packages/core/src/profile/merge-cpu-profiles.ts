import type { CallFrame, CpuProfile, CpuProfileNode } from './cpu-profile.js'
import { sampleIntervals } from './sample-weights.js'

/**
 * One profile from several: dyno profiles each round separately (a fresh child process per
 * round, or one profiler start/stop around each in-process round) and keeps one profile per
 * variant. Call trees are merged by call path — a node is the same node when its whole chain
 * of frames from the root is the same — so the result is what one long recording of all the
 * rounds would have looked like, minus the time between rounds.
 *
 * Frames are matched by function name, URL, line and column, not by `scriptId`: a script gets
 * a new id in every process. The merged timeline puts the rounds' recordings end to end; the
 * few microseconds between a round's last sample and the end of its recording are dropped, and
 * each round's first delta (the profiler's start-up, not a sampling interval) becomes that
 * round's median interval (see sampleIntervals).
 */
function frameKey(frame: CallFrame): string {
  return `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`
}

export function mergeCpuProfiles(profiles: readonly CpuProfile[]): CpuProfile {
  const first = profiles[0]
  if (first === undefined) throw new RangeError('mergeCpuProfiles needs at least one profile')
  if (profiles.length === 1) return first
  const rootFrame = first.nodes[0]?.callFrame ?? { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }
  const merged: CpuProfileNode[] = [{ id: 1, callFrame: { ...rootFrame }, hitCount: 0, children: [] }]
  const byId = new Map<number, CpuProfileNode>([[1, merged[0] as CpuProfileNode]])
  /** merged parent id → frame key → merged child id */
  const childIndex = new Map<number, Map<string, number>>()
  const withSamples = profiles.every((p) => p.samples !== undefined && p.timeDeltas !== undefined)
  const samples: number[] = []
  const timeDeltas: number[] = []
  let span = 0

  const childOf = (parentId: number, frame: CallFrame): CpuProfileNode => {
    let index = childIndex.get(parentId)
    if (index === undefined) {
      index = new Map()
      childIndex.set(parentId, index)
    }
    const key = frameKey(frame)
    const existing = index.get(key)
    if (existing !== undefined) return byId.get(existing) as CpuProfileNode
    const node: CpuProfileNode = { id: merged.length + 1, callFrame: { ...frame }, hitCount: 0, children: [] }
    merged.push(node)
    byId.set(node.id, node)
    index.set(key, node.id)
    byId.get(parentId)?.children?.push(node.id)
    return node
  }

  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
    const root = profile.nodes[0]
    if (root === undefined) continue
    const mapped = new Map<number, number>([[root.id, 1]])
    const stack: [CpuProfileNode, number][] = [[root, 1]]
    ;(merged[0] as CpuProfileNode).hitCount = ((merged[0] as CpuProfileNode).hitCount ?? 0) + (root.hitCount ?? 0)
    while (stack.length > 0) {
      const [node, mergedId] = stack.pop() as [CpuProfileNode, number]
      for (const childId of node.children ?? []) {
        const child = nodes.get(childId)
        if (child === undefined || mapped.has(childId)) continue
        const target = childOf(mergedId, child.callFrame)
        target.hitCount = (target.hitCount ?? 0) + (child.hitCount ?? 0)
        if (child.positionTicks !== undefined) {
          const ticks = new Map((target.positionTicks ?? []).map((t) => [t.line, t.ticks]))
          for (const t of child.positionTicks) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks)
          target.positionTicks = [...ticks].map(([line, count]) => ({ line, ticks: count }))
        }
        mapped.set(childId, target.id)
        stack.push([child, target.id])
      }
    }
    if (withSamples) {
      const own = profile.samples as number[]
      const deltas = sampleIntervals(profile)
      let recorded = 0
      for (let i = 0; i < own.length; i++) {
        samples.push(mapped.get(own[i] as number) ?? 1)
        const delta = deltas[i] ?? 0
        timeDeltas.push(delta)
        recorded += delta
      }
      span += Math.max(recorded, 0)
    } else {
      span += Math.max(0, profile.endTime - profile.startTime)
    }
  }
  const result: CpuProfile = { nodes: merged, startTime: first.startTime, endTime: first.startTime + span }
  if (withSamples) {
    result.samples = samples
    result.timeDeltas = timeDeltas
  }
  return result
}
