/**
 * Where a result was measured. Two results are one experiment only if these match on what
 * moves the numbers (CPU, cores, Node major, database server versions); the compare step
 * refuses or warns otherwise.
 */
export interface GitState {
  sha: string
  branch: string | null
  dirty: boolean
}

export interface DatabaseFingerprint {
  engine: string
  version: string
  /** Settings that move the numbers, e.g. innodb_flush_log_at_trx_commit, page size, WireCrypt. */
  settings: Record<string, string>
  /** How the server was provided: local throwaway, docker, external URL, embedded. */
  provider?: string
}

export interface Fingerprint {
  /** Short hash of host name, CPU and memory: the same machine gives the same id. */
  machineId: string
  cpu: { model: string; cores: number; speedMHz: number; arch: string }
  memoryBytes: number
  os: { platform: string; release: string; version: string }
  runtime: { node: string; v8: string; uv: string }
  timezone: string
  git: GitState | null
  /** 1, 5 and 15-minute load averages when the run started. */
  loadAverage: [number, number, number]
  /** Versions of dyno and of the packages each scenario names. */
  packages: Record<string, string>
  databases: DatabaseFingerprint[]
  /** Identifier of the dataset the scenario ran on, when it uses one. */
  dataset: string | null
}
