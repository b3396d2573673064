import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import type { Requirement } from '@dyno/core'

/**
 * Whether this machine can give a scenario what it `requires`. Unmet required needs make
 * `dyno run` skip the scenario with the reason; optional ones are only listed.
 */
export interface RequirementStatus {
  requirement: Requirement
  met: boolean
  detail: string
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

export function checkRequirement(requirement: Requirement, env: NodeJS.ProcessEnv): RequirementStatus {
  switch (requirement.kind) {
    case 'binary': {
      const found = onPath(requirement.name, env)
      return { requirement, met: found !== null, detail: found ?? `${requirement.name} is not installed or not on PATH` }
    }
    case 'env': {
      const value = env[requirement.name]
      return { requirement, met: value !== undefined && value !== '', detail: value ? 'set' : `${requirement.name} is not set` }
    }
    case 'database':
      if (requirement.engine === 'sqlite') return { requirement, met: true, detail: 'embedded' }
      return { requirement, met: false, detail: `no ${requirement.engine} server is configured for this run` }
  }
}

export function unmetRequirements(requirements: readonly Requirement[] | undefined, env: NodeJS.ProcessEnv): RequirementStatus[] {
  return (requirements ?? []).map((r) => checkRequirement(r, env)).filter((s) => !s.met && s.requirement.optional !== true)
}
