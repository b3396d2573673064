import {
  type DatabaseConnection,
  type DatabaseFingerprint,
  type DatabaseRequirement,
  type ProvisionedResources,
  type Provisioner,
  ProvisioningError,
  type ResolvedScenario,
  type Warning,
} from '@dyno/core'
import { type AvailabilityOptions, DatabaseAvailability } from '../availability/database-availability.js'
import type { DatabaseProvider, StartedDatabase } from '../database-provider.js'
import { datasetProblems, planDataset } from '../datasets/dataset-requirement.js'
import { DockerProvider } from '../docker/docker-provider.js'
import { EmbeddedSqliteProvider } from '../embedded/embedded-sqlite-provider.js'
import { capitalized, describeError } from '../errors/database-error.js'
import { ExternalProvider } from '../external/external-provider.js'
import { LocalFirebirdProvider } from '../local/local-firebird-provider.js'
import { LocalMariadbProvider } from '../local/local-mariadb-provider.js'
import type { LocalServerOptions } from '../local/local-server-options.js'
import { chooseProvider, type DbMode, type ProviderChoice } from './choose-provider.js'

/**
 * The Provisioner the CLI hands to core: for each database requirement of a scenario it picks
 * a provider (choose-provider.ts), starts the database, loads the requirement's dataset, and
 * returns plain connection data plus what core needs to reset, check and release them.
 * Anything started before a failure is released before the error goes up.
 */
export interface DatabaseProvisionerOptions extends AvailabilityOptions {
  mode?: DbMode
  /** Shared with `dyno list`/`doctor`, so every answer is computed once per process. */
  availability?: DatabaseAvailability
  /** One line per started database and per seeded dataset, for the progress output. */
  log?: (line: string) => void
  /** Options for local servers (temp dir parent, timeouts); tests use them. */
  local?: LocalServerOptions
}

interface Provisioned {
  name: string
  requirement: DatabaseRequirement
  database: StartedDatabase
}

export function requirementName(requirement: DatabaseRequirement): string {
  return requirement.name ?? requirement.engine
}

export class DatabaseProvisioner implements Provisioner {
  readonly mode: DbMode
  readonly availability: DatabaseAvailability

  constructor(private readonly options: DatabaseProvisionerOptions = {}) {
    this.mode = options.mode ?? 'auto'
    this.availability = options.availability ?? new DatabaseAvailability(options)
  }

  private provider(choice: Extract<ProviderChoice, { status: 'ok' }>, baseDir: string | undefined): DatabaseProvider {
    switch (choice.kind) {
      case 'external':
        return new ExternalProvider(
          choice.url as string,
          this.availability.externalUrl(choice.engine === 'firebird' ? 'firebird' : 'mysql')?.source,
        )
      case 'local':
        return choice.engine === 'firebird' ? new LocalFirebirdProvider(this.options.local) : new LocalMariadbProvider(this.options.local)
      case 'docker':
        return new DockerProvider(choice.engine === 'firebird' ? 'firebird' : 'mysql')
      case 'embedded':
        return new EmbeddedSqliteProvider(baseDir === undefined ? {} : { baseDir })
    }
  }

  async provision(
    scenario: ResolvedScenario,
    context: { quick: boolean; tempDir: string; signal?: AbortSignal },
  ): Promise<ProvisionedResources> {
    const requirements = (scenario.spec.requires ?? []).filter((r): r is DatabaseRequirement => r.kind === 'database')
    const started: Provisioned[] = []
    const warnings: Warning[] = []
    const log = this.options.log ?? (() => {})
    try {
      for (const requirement of requirements) {
        const name = requirementName(requirement)
        const problems = datasetProblems(requirement)
        if (problems.length > 0) throw new ProvisioningError(`database '${name}': ${problems.join('; ')}`)
        const choice = await chooseProvider(requirement, this.mode, this.availability)
        if (choice.status === 'unavailable') {
          if (requirement.optional === true) {
            warnings.push({
              code: 'database-missing',
              severity: 'info',
              message: `optional ${requirement.engine} database '${name}' was not provided: ${choice.reason}`,
            })
            continue
          }
          throw new ProvisioningError(
            `no ${requirement.engine} database for '${name}' (--db ${this.mode}): ${choice.reason}. ${capitalized(choice.hint)}`,
          )
        }
        if (choice.fallbackReason !== null) {
          const message = `'${name}' ran on the embedded SQLite stand-in, not on ${requirement.engine}: ${choice.fallbackReason}. These are not ${requirement.engine} figures`
          warnings.push({ code: 'embedded-fallback', severity: 'warning', message })
          log(`${requirement.engine}: ${message}`)
        }
        const signal = context.signal
        const database = await this.provider(choice, this.options.local?.baseDir).start({ ...(signal ? { signal } : {}), log })
        started.push({ name, requirement, database })
        const plan = planDataset(requirement, context.quick)
        if (plan !== null) {
          const report = await database.seed(plan.dataset, { table: plan.table, ...(signal ? { signal } : {}) })
          log(
            `${database.engine}: seeded ${plan.id} into ${plan.table} in ${(report.durationMs / 1000).toFixed(1)} s ` +
              `(${Math.round(report.rowsPerSec).toLocaleString('en-US')} rows/s, ${report.method})`,
          )
        }
      }
    } catch (error) {
      await releaseAll(started)
      if (error instanceof ProvisioningError) throw error
      throw new ProvisioningError(describeError(error), { cause: error })
    }
    return resources(started, warnings, context.quick)
  }
}

async function releaseAll(started: readonly Provisioned[]): Promise<string[]> {
  const failures: string[] = []
  for (const { name, database } of [...started].reverse()) {
    try {
      await database[Symbol.asyncDispose]()
    } catch (error) {
      failures.push(`${name}: ${describeError(error)}`)
    }
  }
  return failures
}

function resources(started: readonly Provisioned[], warnings: Warning[], quick: boolean): ProvisionedResources {
  const databases: Record<string, DatabaseConnection> = {}
  const fingerprints: DatabaseFingerprint[] = []
  const datasets = new Set<string>()
  for (const { name, requirement, database } of started) {
    databases[name] = database.connection()
    fingerprints.push(database.fingerprint())
    const plan = planDataset(requirement, quick)
    if (plan !== null) datasets.add(plan.id)
  }
  return {
    databases,
    fingerprints,
    dataset: datasets.size === 0 ? null : [...datasets].join(' + '),
    warnings,
    async reset() {
      for (const { name, requirement, database } of started) {
        if (requirement.reset === 'never') continue
        try {
          await database.reset()
        } catch (error) {
          throw new ProvisioningError(`database '${name}' could not be reset: ${describeError(error)}`, { cause: error })
        }
      }
    },
    async health() {
      for (const { database } of started) {
        const problem = await database.problem()
        if (problem !== null) throw new ProvisioningError(problem.fullMessage, { cause: problem })
      }
    },
    async [Symbol.asyncDispose]() {
      const failures = await releaseAll(started)
      if (failures.length > 0) throw new Error(failures.join('; '))
    },
  }
}
