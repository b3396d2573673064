/**
 * The micro runner times one small operation many times (tinybench) in the measuring
 * process. Operations faster than `minSampleNs` are called in batches so the timer's own
 * cost and resolution do not swamp them; every figure is per single call.
 */
export interface MicroRunnerSpec {
  kind: 'micro'
  /** How long each variant is sampled in one round; default 200 ms (60 ms with --quick). */
  roundMs?: number
  /** A batch of calls must take at least this long to be timed as one sample; default 10 µs. */
  minSampleNs?: number
}

export function micro(options: Omit<MicroRunnerSpec, 'kind'> = {}): MicroRunnerSpec {
  return { kind: 'micro', ...options }
}
