import type { Warning } from '../checks/warning.js'
import type { DatabaseFingerprint } from '../env/fingerprint.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { DatabaseConnection } from '../scenario/scenario.js'

/**
 * How a scenario gets the servers it `requires` without core knowing any database driver:
 * the CLI passes a Provisioner (built from @dyno/db) into the run; core calls it before the
 * scenario's setup and disposes what it returned after teardown, on success and on failure.
 */
export interface ProvisionedResources extends AsyncDisposable {
  /** Connections by requirement name (plain data: they are passed to isolated rounds too). */
  databases: Record<string, DatabaseConnection>
  /** Engine, version and key settings of each server, for the environment fingerprint. */
  fingerprints: DatabaseFingerprint[]
  /** Identifier of the dataset the databases were seeded with, if any. */
  dataset: string | null
  /** E.g. "ran on the embedded SQLite stand-in: no MySQL server was available". */
  warnings: Warning[]
  /**
   * Puts the databases back into their provisioned state. Core calls it before every round of
   * every variant (warm-up included), before beforeRound(); a rejection means the servers are
   * unusable and stops the scenario with stopReason 'provisioning-failed'.
   */
  reset?(): Promise<void>
  /**
   * Rejects when a server is gone (it died, it stopped answering). Core asks after a round or
   * setup() failed, so a server that dies mid-run is reported as what it is, an environment
   * failure, rather than as the variant's error.
   */
  health?(): Promise<void>
}

export interface Provisioner {
  provision(scenario: ResolvedScenario, context: { quick: boolean; tempDir: string; signal?: AbortSignal }): Promise<ProvisionedResources>
}

/** Thrown (or rejected) by a provisioner when a server cannot be had; the CLI exits 3. */
export class ProvisioningError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ProvisioningError'
  }
}
