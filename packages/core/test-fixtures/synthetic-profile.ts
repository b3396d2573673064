import type { CallFrame, CpuProfile, CpuProfileNode } from '../src/profile/cpu-profile.js'

/**
 * Builds a small, exact `.cpuprofile` from stacks, for tests of the profile arithmetic:
 * `{ stack: ['main', 'work'], samples: 30 }` adds 30 samples with `work` on top under `main`.
 * A frame is a name (in `file:///project/src/app.js`, line from the name's position), or a full
 * CallFrame. Node ids and script ids can be offset, as they would differ between processes.
 */
export interface SyntheticStack {
  stack: (string | Partial<CallFrame>)[]
  samples: number
  /** Microseconds per sample (default 100). */
  deltaUs?: number
}

export const SYNTHETIC_URL = 'file:///project/src/app.js'

function frameOf(frame: string | Partial<CallFrame>, scriptId: string): CallFrame {
  if (typeof frame !== 'string') {
    return { functionName: '', scriptId, url: SYNTHETIC_URL, lineNumber: 0, columnNumber: 0, ...frame }
  }
  if (frame.startsWith('(')) return { functionName: frame, scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }
  // A stable line per name, so the same name is the same function in every profile.
  const line = [...frame].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 500
  return { functionName: frame, scriptId, url: SYNTHETIC_URL, lineNumber: line, columnNumber: 2 }
}

export function syntheticProfile(stacks: readonly SyntheticStack[], options: { idOffset?: number; scriptId?: string } = {}): CpuProfile {
  const offset = options.idOffset ?? 0
  const scriptId = options.scriptId ?? '42'
  const root: CpuProfileNode = {
    id: 1 + offset,
    callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 },
    hitCount: 0,
    children: [],
  }
  const nodes: CpuProfileNode[] = [root]
  const samples: number[] = []
  const timeDeltas: number[] = []
  for (const entry of stacks) {
    let parent = root
    for (const raw of entry.stack) {
      const frame = frameOf(raw, scriptId)
      let child = nodes.find(
        (n) =>
          parent.children?.includes(n.id) &&
          n.callFrame.functionName === frame.functionName &&
          n.callFrame.url === frame.url &&
          n.callFrame.lineNumber === frame.lineNumber,
      )
      if (child === undefined) {
        child = { id: nodes.length + 1 + offset, callFrame: frame, hitCount: 0, children: [] }
        nodes.push(child)
        parent.children?.push(child.id)
      }
      parent = child
    }
    parent.hitCount = (parent.hitCount ?? 0) + entry.samples
    for (let i = 0; i < entry.samples; i++) {
      samples.push(parent.id)
      timeDeltas.push(entry.deltaUs ?? 100)
    }
  }
  const span = timeDeltas.reduce((a, b) => a + b, 0)
  return { nodes, startTime: 1_000_000, endTime: 1_000_000 + span, samples, timeDeltas }
}
