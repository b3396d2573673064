// Public API of @dyno/core. Scenario files import defineScenario and the runner factories;
// the CLI and reporters use the rest.

export { aaScenario, type CalibrateOptions, calibrateScenario } from './calibrate/calibrate-scenario.js'
export type { CalibrationFile, MetricCalibration, ScenarioCalibration } from './calibrate/calibration.js'
export { calibrationAdvice } from './calibrate/calibration-advice.js'
export { calibrationPath, readCalibration, saveCalibrations } from './calibrate/calibration-store.js'
export type { Warning, WarningSeverity } from './checks/warning.js'
export { compareRuns, compareWithinRun, type RunComparison } from './compare/compare-runs.js'
export { type CompareSamplesInput, compareFamily, compareSamples, DEFAULT_ALPHA, type SampleSide } from './compare/compare-samples.js'
export type { ComparedSide, Comparison, Pairing, RatioEstimate, Verdict } from './compare/comparison.js'
export { type EnvironmentDifference, environmentDifferences } from './compare/environment-differences.js'
export {
  headlineReferenceFractions,
  type ReferenceFraction,
  type ReferenceFractionOptions,
  referenceFraction,
} from './compare/reference-fraction.js'
export { comparisonState, type StoppingDecision, type StoppingInput, stoppingDecision } from './compare/stopping-rule.js'
export { collectFingerprint, DYNO_VERSION, packageVersion } from './env/collect-fingerprint.js'
export type { DatabaseFingerprint, Fingerprint, GitState } from './env/fingerprint.js'
export { readGitState } from './env/git-state.js'
export { DynoError, type ErrorRecord, type ExitKind, isDynoError, toErrorRecord } from './errors/dyno-error.js'
export { importOptional, type OptionalPackage } from './errors/import-optional.js'
export { type GateFailure, type GateFailureKind, type GateResult, gate } from './gate/gate.js'
export type { MicroCalibration, RoundOutcome } from './orchestrate/execute-round.js'
export { type ProvisionedResources, type Provisioner, ProvisioningError } from './orchestrate/provisioner.js'
export type { ProfileStartEvent, Reporter, RoundEvent, ScenarioStartEvent } from './orchestrate/reporter.js'
export { newRunId, RUN_ID_PATTERN } from './orchestrate/run-id.js'
export { defaultRounds, MIN_USEFUL_ROUNDS, runScenario, type SessionOptions } from './orchestrate/run-scenario.js'
export { type LoadedScenario, resolveAll, runSuite, type SuiteOptions, type SuiteRun } from './orchestrate/run-suite.js'
// Profiling: sessions, profiles, the differential view (see profile/ and README "Profiles").
export { buildProfileRecord, type ProfileEntry, type ProfileRecordInput } from './profile/build-profile-record.js'
export {
  BASE_LABEL,
  type CheckoutProfile,
  type CheckoutProfileInput,
  HEAD_LABEL,
  recordCheckoutProfiles,
} from './profile/checkout-profiles.js'
export {
  type ClinicOutcome,
  type ClinicRequest,
  type ClinicRun,
  type ClinicState,
  type ClinicTool,
  clinicNotice,
  clinicSupportsNode,
  detectClinic,
  runClinic,
} from './profile/clinic.js'
export {
  type CallFrame,
  type CpuProfile,
  type CpuProfileNode,
  cpuProfileProblem,
  parseCpuProfile,
  readCpuProfile,
  type SamplingHeapNode,
  type SamplingHeapProfile,
} from './profile/cpu-profile.js'
export { type FlameNode, flameTreeFromCpuProfile, flameTreeFromHeapProfile } from './profile/flame-tree.js'
export { type FunctionCost, type FunctionCosts, frameLocation, functionCosts } from './profile/function-costs.js'
export {
  type CapturedProfile,
  DEFAULT_SAMPLING_INTERVAL_US,
  InspectorProfiler,
  type ProfilerSettings,
} from './profile/inspector-profiler.js'
export { mergeCpuProfiles } from './profile/merge-cpu-profiles.js'
export { mergeHeapProfiles } from './profile/merge-heap-profiles.js'
export {
  failedProfileRecord,
  type ProfileAfterSessionInput,
  type ProfileMode,
  type ProfilePlan,
  type ProfilePolicy,
  profileAfterSession,
  profileDirectory,
  profilePlan,
} from './profile/profile-after-session.js'
export { DEFAULT_DIFF_TOP, diffFunctionCosts, type FunctionChange, type ProfileDiff } from './profile/profile-diff.js'
export { defaultProfileRounds, type ProfileSessionOptions, profileScenario } from './profile/profile-scenario.js'
export { profileFileStem, type SavedProfileFiles, saveProfileFiles } from './profile/save-profile-files.js'
export type { ProfiledRound, ProfiledVariantStatus, ScenarioProfile, VariantProfile } from './profile/scenario-profile.js'
export { compareRefResults, type RefLabels, type RefScenarioSets, refPairedInputs } from './refs/compare-ref-results.js'
export { describeScenario } from './refs/describe-scenario.js'
export { runFreshProfiledRound, runFreshRound } from './refs/fresh-round.js'
export { profileRefScenario, type RefScenarioProfileInput } from './refs/profile-ref-scenario.js'
export {
  type ProfileArmReply,
  type ProfileArmRound,
  type ProfileArmRunner,
  profileRefSession,
  type RefProfileSession,
  type RefProfileSessionOptions,
  refProfileRounds,
} from './refs/profile-ref-session.js'
export { type RefProfilePlan, refProfilePlans } from './refs/ref-profile-plan.js'
export { resolvedFromDescription } from './refs/resolved-from-description.js'
export {
  type DescribedScenario,
  type DescribeProblem,
  type DescribeReply,
  type DescribeRequest,
  helloRevision,
  isProtocolRequest,
  isServerMessage,
  PROFILING_REVISION,
  type ProfiledRoundReply,
  type ProfileRoundRequest,
  type ProtocolHello,
  type ProtocolReply,
  type ProtocolRequest,
  profilingRevisionFor,
  type RefusedReply,
  ROUND_COMMAND,
  ROUND_PROTOCOL_REVISION,
  ROUND_PROTOCOL_VERSION,
  type RoundReply,
  type RoundRequest,
  SERVER_PROFILING_REVISION,
  type ServerMessage,
} from './refs/round-protocol.js'
export {
  type Arm,
  type ArmReply,
  type ArmRound,
  type ArmRunner,
  armName,
  defaultRefRounds,
  REF_BUDGET_FACTOR,
  type RefSession,
  type RefSessionOptions,
  runRefSession,
  type Side,
} from './refs/run-ref-session.js'
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
export type { DatabaseEngine, DatabaseRequirement, DatasetRequirement, Requirement } from './scenario/requirement.js'
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
export * from './schema/profile-record.js'
export * from './schema/result-file.js'
export { readResultFile, resultPath, writeJsonAtomic, writeResultFile } from './schema/result-io.js'
export { type MergedShard, RUN_META_FILE, RUN_META_VERSION, type RunMeta, type SkippedScenario } from './schema/run-meta.js'
export { readRunMeta, writeRunMeta } from './schema/run-meta-io.js'
export { isResultFile, resultProblems } from './schema/validate-result.js'
export { formatShard, inShard, parseShard, type Shard, shardOf } from './shard/shard.js'
export * as stats from './stats/index.js'
