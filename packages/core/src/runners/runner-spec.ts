import type { HttpLoadRunnerSpec } from './http-load-spec.js'
import type { MicroRunnerSpec } from './micro-spec.js'
import type { ThroughputRunnerSpec } from './throughput-spec.js'

export type RunnerSpec<O = unknown> = MicroRunnerSpec | ThroughputRunnerSpec<O> | HttpLoadRunnerSpec
export type RunnerKind = RunnerSpec['kind']
