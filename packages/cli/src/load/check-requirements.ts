import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import type { Requirement } from '@dyno/core'
import type { DatabaseSupport } from '../options/database-support.js'

/**
 * Whether this machine can give a scenario what it `requires`. Unmet required needs make
 * `dyno run` skip the scenario with the reason; optional ones are only listed. A database
 * need is met when the --db mode can serve it (see @dyno/db's chooseProvider): the detail
 * then says by what, e.g. "local /usr/sbin/mariadbd (MariaDB 10.11.19…)" or "embedded SQLite
 * in place of MySQL".
 */
export interface RequirementStatus {
  requirement: Requirement
  met: boolean
  detail: string
}

export interface RequirementContext {
  env: NodeJS.ProcessEnv
  /** Null when @dyno/db was not needed, or could not be loaded (then `missing` says why). */
  databases: DatabaseSupport | null
  missing?: string | null
}

function onPath(binary: string, env: NodeJS.ProcessEnv): string | null {
  const candidates = binary.includes('/') ? [binary] : (env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, binary))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return null
}

export function describeRequirement(requirement: Requirement): string {
  switch (requirement.kind) {
    case 'database':
      return `${requirement.engine} database`
    case 'binary':
      return `\`${requirement.name}\` on PATH`
    case 'env':
      return `$${requirement.name}`
  }
}

/** Binaries and environment variables: what a machine has, without asking any server. */
export function checkMachineRequirement(
  requirement: Exclude<Requirement, { kind: 'database' }>,
  env: NodeJS.ProcessEnv,
): RequirementStatus {
  if (requirement.kind === 'binary') {
    const found = onPath(requirement.name, env)
    return { requirement, met: found !== null, detail: found ?? `${requirement.name} is not installed or not on PATH` }
  }
  const value = env[requirement.name]
  return { requirement, met: value !== undefined && value !== '', detail: value ? 'set' : `${requirement.name} is not set` }
}

export async function checkRequirement(requirement: Requirement, context: RequirementContext): Promise<RequirementStatus> {
  switch (requirement.kind) {
    case 'binary':
    case 'env':
      return checkMachineRequirement(requirement, context.env)
    case 'database': {
      if (context.databases === null) {
        return { requirement, met: false, detail: context.missing ?? 'database support (@dyno/db) was not loaded' }
      }
      const { db, availability, mode } = context.databases
      const choice = await db.chooseProvider(requirement, mode, availability)
      return choice.status === 'ok'
        ? { requirement, met: true, detail: choice.detail }
        : { requirement, met: false, detail: `${choice.reason}; ${choice.hint}` }
    }
  }
}

export async function unmetRequirements(
  requirements: readonly Requirement[] | undefined,
  context: RequirementContext,
): Promise<RequirementStatus[]> {
  const statuses = await Promise.all((requirements ?? []).map((r) => checkRequirement(r, context)))
  return statuses.filter((s) => !s.met && s.requirement.optional !== true)
}
