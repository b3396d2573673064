import type { Fingerprint } from '../env/fingerprint.js'

/**
 * Fingerprint fields that move benchmark figures. Comparing results that differ in these is
 * comparing machines, not code; `dyno compare` refuses unless told otherwise.
 */
export interface EnvironmentDifference {
  field: string
  base: string
  head: string
  /** 'blocking' fields make a comparison meaningless; 'notable' ones are worth a warning. */
  severity: 'blocking' | 'notable'
}

function major(version: string): string {
  return version.split('.')[0] ?? version
}

export function environmentDifferences(base: Fingerprint, head: Fingerprint): EnvironmentDifference[] {
  const out: EnvironmentDifference[] = []
  const check = (field: string, a: string, b: string, severity: EnvironmentDifference['severity']) => {
    if (a !== b) out.push({ field, base: a, head: b, severity })
  }
  check('cpu.model', base.cpu.model, head.cpu.model, 'blocking')
  check('cpu.cores', String(base.cpu.cores), String(head.cpu.cores), 'blocking')
  check('runtime.node (major)', major(base.runtime.node), major(head.runtime.node), 'blocking')
  const engines = new Set([...base.databases, ...head.databases].map((d) => d.engine))
  for (const engine of engines) {
    const a = base.databases.find((d) => d.engine === engine)
    const b = head.databases.find((d) => d.engine === engine)
    check(`databases.${engine}.version`, a?.version ?? 'none', b?.version ?? 'none', 'blocking')
  }
  check('dataset', base.dataset ?? 'none', head.dataset ?? 'none', 'blocking')
  check('memoryBytes', String(base.memoryBytes), String(head.memoryBytes), 'notable')
  check('os.release', base.os.release, head.os.release, 'notable')
  check('runtime.node', base.runtime.node, head.runtime.node, 'notable')
  check('machineId', base.machineId, head.machineId, 'notable')
  return out
}
