import type { DatabaseConnection, ScenarioContext } from '@dyno/core'
import { type SyncResult, verifySync } from '@sut/sync-engine'
import { itemsMapping } from './items-mapping.js'
import { backendLabel, openSource, openTarget } from './sync-endpoints.js'

/** What every sync scenario's rounds need: where the source and target are (plain data, it crosses into child processes). */
export interface SyncFixture {
  source: DatabaseConnection
  target: DatabaseConnection
  /** 'firebird→mysql', or 'sqlite→sqlite' on the stand-in: kept in every output. */
  backend: string
}

export type SyncOutput = SyncResult & { backend: string }

export function syncFixture({ databases }: ScenarioContext): SyncFixture {
  const { source, target } = databases
  if (source === undefined || target === undefined) throw new Error('a sync scenario needs the databases named source and target')
  return { source, target, backend: backendLabel(source, target) }
}

/** verify(): no failed rows, and the target equal to the source by count and checksum. */
export async function verifyCopy(output: SyncOutput, fixture: SyncFixture): Promise<true | string> {
  if (output.failedRows > 0) return `${output.failedRows} rows failed, e.g. key ${JSON.stringify(output.failures[0]?.key)}`
  const source = await openSource(fixture.source)
  const target = await openTarget(fixture.target)
  try {
    const result = await verifySync(source, target, itemsMapping())
    if (result.status === 'equal') return true
    return `target differs from source: ${result.targetRows} of ${result.sourceRows} rows, checksum ${result.targetDigest} vs ${result.sourceDigest}, first difference ${JSON.stringify(result.firstDifference)}`
  } finally {
    await source.close()
    await target.close()
  }
}
