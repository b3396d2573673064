import type { MicroRunnerSpec } from './micro-spec.js'
import type { ThroughputRunnerSpec } from './throughput-spec.js'

export type RunnerSpec<O = unknown> = MicroRunnerSpec | ThroughputRunnerSpec<O>
export type RunnerKind = RunnerSpec['kind']
