import type { CallFrame, CpuProfile, CpuProfileNode, SamplingHeapNode, SamplingHeapProfile } from './cpu-profile.js'
import { frameLocation, functionName } from './function-costs.js'
import { nodeWeights } from './sample-weights.js'

/**
 * A call tree weighted for drawing as a flame graph: every node's `total` is its own `self`
 * plus its children's totals, and siblings that are the same function (same name, file and
 * line) are one node. Values are microseconds for a CPU profile and bytes for a heap profile.
 * Renderers take this rather than the raw profile, so they never need to know V8's formats.
 */
export interface FlameNode {
  name: string
  location: string
  line: number | null
  self: number
  total: number
  children: FlameNode[]
}

export type FlameValueUnit = 'us' | 'bytes'

function newNode(frame: CallFrame, root: string | undefined): FlameNode {
  return {
    name: functionName(frame),
    location: frameLocation(frame.url, root),
    line: frame.lineNumber >= 0 ? frame.lineNumber + 1 : null,
    self: 0,
    total: 0,
    children: [],
  }
}

function childFor(parent: FlameNode, frame: CallFrame, root: string | undefined): FlameNode {
  const probe = newNode(frame, root)
  const found = parent.children.find((c) => c.name === probe.name && c.location === probe.location && c.line === probe.line)
  if (found !== undefined) return found
  parent.children.push(probe)
  return probe
}

/** Totals bottom-up, children heaviest first; drops subtrees with no weight at all. */
function finish(node: FlameNode): number {
  node.children = node.children.filter((c) => finish(c) > 0)
  node.children.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
  node.total = node.self + node.children.reduce((sum, c) => sum + c.total, 0)
  return node.total
}

export function flameTreeFromCpuProfile(profile: CpuProfile, options: { root?: string } = {}): FlameNode {
  const weights = nodeWeights(profile)
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const first = profile.nodes[0] as CpuProfileNode
  const tree = newNode(first.callFrame, options.root)
  tree.name = 'all'
  tree.self = weights.micros.get(first.id) ?? 0
  const stack: [CpuProfileNode, FlameNode][] = [[first, tree]]
  const seen = new Set<number>([first.id])
  while (stack.length > 0) {
    const [node, flame] = stack.pop() as [CpuProfileNode, FlameNode]
    for (const id of node.children ?? []) {
      const child = nodes.get(id)
      if (child === undefined || seen.has(id)) continue
      seen.add(id)
      const target = childFor(flame, child.callFrame, options.root)
      target.self += weights.micros.get(id) ?? 0
      stack.push([child, target])
    }
  }
  finish(tree)
  return tree
}

export function flameTreeFromHeapProfile(profile: SamplingHeapProfile, options: { root?: string } = {}): FlameNode {
  const tree = newNode(profile.head.callFrame, options.root)
  tree.name = 'all'
  tree.self = profile.head.selfSize
  const stack: [SamplingHeapNode, FlameNode][] = [[profile.head, tree]]
  while (stack.length > 0) {
    const [node, flame] = stack.pop() as [SamplingHeapNode, FlameNode]
    for (const child of node.children) {
      const target = childFor(flame, child.callFrame, options.root)
      target.self += child.selfSize
      stack.push([child, target])
    }
  }
  finish(tree)
  return tree
}
