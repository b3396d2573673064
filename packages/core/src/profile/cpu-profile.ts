import { DynoError } from '../errors/dyno-error.js'
import { readTextFile } from '../errors/read-text-file.js'

/**
 * The `.cpuprofile` format: V8's `Profiler.Profile` from the Chrome DevTools Protocol
 * (https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile), the same
 * JSON that `node --cpu-prof` writes and that Chrome DevTools, VS Code, speedscope and
 * `0x --visualize-cpu-profile` open. Times are microseconds. `samples[i]` is the id of the node
 * on top of the stack at sample i; `timeDeltas[i]` is the time since the previous sample (the
 * first is relative to `startTime`).
 */
export interface CallFrame {
  functionName: string
  scriptId: string
  url: string
  /** 0-based; -1 when unknown (native code, the program, GC). */
  lineNumber: number
  columnNumber: number
}

export interface CpuProfileNode {
  id: number
  callFrame: CallFrame
  /** Samples with this node on top of the stack (V8 fills it; `samples` is the exact record). */
  hitCount?: number
  children?: number[]
  positionTicks?: { line: number; ticks: number }[]
  deoptReason?: string
}

export interface CpuProfile {
  nodes: CpuProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/**
 * V8's sampling heap profile (`HeapProfiler.SamplingHeapProfile`), saved as `.heapprofile`,
 * which Chrome DevTools' Memory panel opens. `selfSize` is bytes allocated by that frame among
 * the sampled allocations.
 */
export interface SamplingHeapNode {
  callFrame: CallFrame
  selfSize: number
  id: number
  children: SamplingHeapNode[]
}

export interface SamplingHeapProfile {
  head: SamplingHeapNode
  samples: { size: number; nodeId: number; ordinal: number }[]
}

/** Names V8 gives to the frames that are not JavaScript functions. */
export const SPECIAL_FRAMES = ['(root)', '(program)', '(idle)', '(garbage collector)'] as const

function isCallFrame(value: unknown): value is CallFrame {
  if (typeof value !== 'object' || value === null) return false
  const f = value as Record<string, unknown>
  return typeof f.functionName === 'string' && typeof f.url === 'string' && typeof f.lineNumber === 'number'
}

/** What is wrong with a document that should be a `.cpuprofile`, or null when it is one. */
export function cpuProfileProblem(document: unknown): string | null {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'it is not a JSON object'
  const p = document as Record<string, unknown>
  if (!Array.isArray(p.nodes) || p.nodes.length === 0) return "field 'nodes' is missing or empty"
  if (typeof p.startTime !== 'number' || typeof p.endTime !== 'number') return "fields 'startTime' and 'endTime' must be numbers"
  const ids = new Set<number>()
  for (const [i, node] of (p.nodes as unknown[]).entries()) {
    const n = node as Record<string, unknown> | null
    if (typeof n !== 'object' || n === null || typeof n.id !== 'number' || !isCallFrame(n.callFrame))
      return `nodes[${i}] is not a profile node (id and callFrame)`
    ids.add(n.id)
  }
  if (p.samples !== undefined) {
    if (!Array.isArray(p.samples) || !Array.isArray(p.timeDeltas) || p.samples.length !== p.timeDeltas.length)
      return "fields 'samples' and 'timeDeltas' must be arrays of the same length"
    const unknown = (p.samples as unknown[]).find((s) => typeof s !== 'number' || !ids.has(s))
    if (unknown !== undefined) return `a sample names node ${String(unknown)}, which is not in 'nodes'`
  }
  return null
}

export function parseCpuProfile(text: string, file: string): CpuProfile {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new DynoError('profile-corrupt', `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'the profile is damaged; profile the scenario again',
    })
  }
  const problem = cpuProfileProblem(document)
  if (problem !== null) {
    throw new DynoError('profile-invalid', `${file} is not a CPU profile: ${problem}`, {
      hint: 'pass a .cpuprofile written by dyno, `node --cpu-prof` or Chrome DevTools',
    })
  }
  return document as CpuProfile
}

export async function readCpuProfile(file: string): Promise<CpuProfile> {
  const text = await readTextFile(
    file,
    'profile-unreadable',
    'profiles live in results/<run>/profiles/; profile the scenario again if it was removed',
  )
  return parseCpuProfile(text, file)
}
