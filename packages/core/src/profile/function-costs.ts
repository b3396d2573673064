import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CallFrame, CpuProfile, CpuProfileNode } from './cpu-profile.js'
import { nodeWeights } from './sample-weights.js'

/**
 * Self time per function: the samples in which the function itself was running (on top of
 * the stack), summed over every call path that reached it. A function is identified by name,
 * script and line — the line tells apart two anonymous functions in one file — and `share` is
 * its fraction of all samples, so profiles of different lengths can be compared.
 */
export interface FunctionCost {
  /** V8's name for the function; '(anonymous)' when it has none. */
  functionName: string
  /** Where it is: a path relative to the profile's root directory when inside it, else the URL. */
  url: string
  /** 1-based line of the function's definition, or null for frames without one ((program), GC). */
  line: number | null
  selfSamples: number
  selfMs: number
  /** selfSamples / all samples of the profile (0..1). */
  share: number
  /**
   * An anonymous function the runner called directly: a variant's measured operation, such as
   * `prepare: () => () => work(input)`. Each variant has its own, so a differential view
   * between variants pairs them (see diffFunctionCosts) instead of listing one as gone and the
   * other as new.
   */
  operation?: boolean
}

export interface FunctionCosts {
  totalSamples: number
  totalMs: number
  /** Every function with at least one self sample, most samples first. */
  functions: FunctionCost[]
}

export interface FunctionCostOptions {
  /**
   * Directory that `file://` URLs are shown relative to: the project (or git checkout) the
   * profile was taken in. It also makes profiles of two checkouts of the same code comparable,
   * since their absolute paths differ.
   */
  root?: string
}

/** A frame's location as people read it: `src/x.ts` inside the root, `node:fs`, or the URL. */
export function frameLocation(url: string, root?: string): string {
  if (!url.startsWith('file://')) return url
  let file: string
  try {
    file = fileURLToPath(url)
  } catch {
    return url
  }
  if (root === undefined) return file
  const relative = path.relative(root, file)
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/')
}

export function functionName(frame: CallFrame): string {
  return frame.functionName === '' ? '(anonymous)' : frame.functionName
}

export function functionKey(cost: Pick<FunctionCost, 'functionName' | 'url' | 'line'>): string {
  return `${cost.functionName}\u0000${cost.url}\u0000${cost.line ?? ''}`
}

/** The runners' frames that call a variant's operation (micro-runner.ts, resource-monitor.ts). */
const RUNNER_CALLERS = [
  { name: 'timeBatch', file: '/runners/micro-runner.' },
  { name: 'withResourceMonitor', file: '/runners/resource-monitor.' },
]

function isRunnerCaller(frame: CallFrame | undefined): boolean {
  return frame !== undefined && RUNNER_CALLERS.some((c) => frame.functionName === c.name && frame.url.includes(c.file))
}

export function functionCosts(profile: CpuProfile, options: FunctionCostOptions = {}): FunctionCosts {
  const weights = nodeWeights(profile)
  const byKey = new Map<string, FunctionCost>()
  const parentOf = new Map<number, CpuProfileNode>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node)
  for (const node of profile.nodes) {
    const samples = weights.samples.get(node.id) ?? 0
    if (samples === 0) continue
    const frame = node.callFrame
    const cost = {
      functionName: functionName(frame),
      url: frameLocation(frame.url, options.root),
      line: frame.lineNumber >= 0 ? frame.lineNumber + 1 : null,
    }
    const key = functionKey(cost)
    const entry = byKey.get(key) ?? { ...cost, selfSamples: 0, selfMs: 0, share: 0 }
    entry.selfSamples += samples
    entry.selfMs += (weights.micros.get(node.id) ?? 0) / 1000
    if (frame.functionName === '' && isRunnerCaller(parentOf.get(node.id)?.callFrame)) entry.operation = true
    byKey.set(key, entry)
  }
  const functions = [...byKey.values()]
  for (const f of functions) f.share = weights.totalSamples > 0 ? f.selfSamples / weights.totalSamples : 0
  functions.sort((a, b) => b.selfSamples - a.selfSamples || a.functionName.localeCompare(b.functionName))
  return { totalSamples: weights.totalSamples, totalMs: weights.totalMicros / 1000, functions }
}
