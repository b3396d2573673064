// Public API of @dyno/core. Scenario files import defineScenario and the runner factories;
// the CLI and reporters use the rest.

export type { Warning, WarningSeverity } from './checks/warning.js'
export { compareRuns, compareWithinRun, type RunComparison } from './compare/compare-runs.js'
export { type CompareSamplesInput, compareFamily, compareSamples, DEFAULT_ALPHA, type SampleSide } from './compare/compare-samples.js'
export type { ComparedSide, Comparison, Pairing, RatioEstimate, Verdict } from './compare/comparison.js'
export { type EnvironmentDifference, environmentDifferences } from './compare/environment-differences.js'
export { type ReferenceFraction, type ReferenceFractionOptions, referenceFraction } from './compare/reference-fraction.js'
export { collectFingerprint, DYNO_VERSION, packageVersion } from './env/collect-fingerprint.js'
export type { DatabaseFingerprint, Fingerprint, GitState } from './env/fingerprint.js'
export { readGitState } from './env/git-state.js'
export { DynoError, type ErrorRecord, type ExitKind, isDynoError, toErrorRecord } from './errors/dyno-error.js'
export { type GateFailure, type GateFailureKind, type GateResult, gate } from './gate/gate.js'
export { type ProvisionedResources, type Provisioner, ProvisioningError } from './orchestrate/provisioner.js'
export type { Reporter, RoundEvent, ScenarioStartEvent } from './orchestrate/reporter.js'
export { newRunId, RUN_ID_PATTERN } from './orchestrate/run-id.js'
export { defaultRounds, MIN_USEFUL_ROUNDS, runScenario, type SessionOptions } from './orchestrate/run-scenario.js'
export { type LoadedScenario, resolveAll, runSuite, type SuiteOptions, type SuiteRun } from './orchestrate/run-suite.js'
export { type AppliedLoad, type ApplyLoadInput, applyLoad } from './runners/apply-load.js'
export {
  type ArrivalProfile,
  type ClosedLoad,
  closedModel,
  type ErrorClassifiers,
  type HttpLoadRunnerSpec,
  type HttpMethod,
  httpLoad,
  type LoadModel,
  type OpenLoad,
  type OpenLoadOptions,
  openModel,
  type RateStage,
  type RequestBody,
  type RequestContext,
  type ResponseInfo,
  type RouteSpec,
} from './runners/http-load-spec.js'
export type { ServerMetrics } from './runners/http-server-probe.js'
export type { ServerSpec } from './runners/http-server-spec.js'
export { type LoadBudgetOptions, loadBudget } from './runners/load-budget.js'
export type { RecordedLoad } from './runners/load-recorder.js'
export { type MicroRunnerSpec, micro } from './runners/micro-spec.js'
export type { RunnerKind, RunnerSpec } from './runners/runner-spec.js'
export { ServerProcess, ServerProcessError } from './runners/server-process.js'
export { type Isolation, type ThroughputRunnerSpec, throughput, type UnitCounter } from './runners/throughput-spec.js'
export type { Budget } from './scenario/budget.js'
export type { Claim, ClaimStatus } from './scenario/claim.js'
export { scenariosInModule } from './scenario/find-scenarios.js'
export type { Better, MetricPolicy, MetricPolicyOverride, MetricSpec, Unit } from './scenario/metric.js'
export { DEFAULT_THRESHOLD } from './scenario/metric.js'
export type { DatabaseEngine, DatabaseRequirement, Requirement } from './scenario/requirement.js'
export { type ResolvedScenario, resolveScenario, runnerMetrics, scenarioProblems } from './scenario/resolve-scenario.js'
export type {
  AnyScenario,
  DatabaseConnection,
  Operation,
  OperationVariantSpec,
  PreparedVariant,
  ScenarioContext,
  ScenarioSpec,
  ServerFactory,
  ServerVariantSpec,
  VariantContext,
  VariantSpec,
  VerifyOutcome,
} from './scenario/scenario.js'
export { defineScenario, isScenario } from './scenario/scenario.js'
export * from './schema/result-file.js'
export { readResultFile, resultPath, writeJsonAtomic, writeResultFile } from './schema/result-io.js'
export { isResultFile, resultProblems } from './schema/validate-result.js'

export * as stats from './stats/index.js'
