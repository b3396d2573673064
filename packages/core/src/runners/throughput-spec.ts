/**
 * The throughput runner runs a whole job (N units of work: rows, files, bytes) once per round
 * and records wall time, units per second, CPU, peak RSS, GC pause and event-loop use.
 */
/**
 * Reads the number of units from a job's output. Declared through a method so the output
 * type is checked bivariantly and a typed scenario still fits the erased `AnyScenario`.
 */
export type UnitCounter<O> = { count(output: O): number }['count']

export type Isolation = 'auto' | 'process' | 'in-process'

export interface ThroughputRunnerSpec<O = unknown> {
  kind: 'throughput'
  /** What a unit of work is, as a camelCase plural noun: 'rows', 'files', 'bytes'. */
  unit: string
  /** Units done per round: a fixed number, or read from the job's output. */
  units: number | UnitCounter<O>
  /**
   * Where rounds run. 'process' gives each round a fresh child process, so its peak RSS and
   * GC figures are its own; 'auto' (default) does so for rounds longer than 0.5 s.
   */
  isolation?: Isolation
  /** A round that takes longer is stopped and recorded as errored; default 10 minutes. */
  roundTimeoutMs?: number
  /**
   * Highest rate that is physically plausible for this unit on any machine dyno runs on;
   * faster results are flagged as implausible. Default: 1e9 units/s (5e10 for bytes); without
   * it, a bytes rate is also flagged beyond twice this machine's memory read rate.
   */
  maxPlausiblePerSec?: number
}

export function throughput<O>(options: Omit<ThroughputRunnerSpec<O>, 'kind'>): ThroughputRunnerSpec<O> {
  return { kind: 'throughput', ...options }
}
