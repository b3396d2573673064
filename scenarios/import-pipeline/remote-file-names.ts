import { stats } from '@dyno/core'
import type { PatternSet } from '@sut/import-pipeline'

/**
 * A remote listing like the one seed 001's importer scans: SQL dumps in ZIPs, exports in
 * dated folders, partial uploads, hidden files and noise. Every name is generated together
 * with whether the import's pattern set should select it, so verify() checks each variant
 * against an oracle that is independent of both implementations.
 */
export const IMPORT_PATTERNS: PatternSet = {
  include: [
    { kind: 'glob', pattern: '*.sql.zip' },
    { kind: 'glob', pattern: 'exports/**/*.{sql,csv}' },
    { kind: 'regex', pattern: '^somatogramm_\\d{8}\\.(zip|sql)$' },
    { kind: 'regex', pattern: '^kader[-_]planung_', flags: 'i' },
  ],
  exclude: [
    { kind: 'glob', pattern: '*.partial' },
    { kind: 'glob', pattern: '**/archive/**' },
    { kind: 'regex', pattern: '(^|/)\\.' },
    { kind: 'glob', pattern: '*.tmp' },
  ],
}

export interface LabelledName {
  name: string
  selected: boolean
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

export function generateRemoteListing(count: number, seed = 1): LabelledName[] {
  const random = stats.createRandom(seed)
  const pick = (n: number) => Math.floor(random() * n)
  const date = () => `2026${pad(1 + pick(12), 2)}${pad(1 + pick(28), 2)}`
  const makers: (() => LabelledName)[] = [
    () => ({ name: `dump_${date()}_${pick(1000)}.sql.zip`, selected: true }),
    () => ({ name: `dump_${date()}_${pick(1000)}.sql.zip.partial`, selected: false }),
    () => ({ name: `somatogramm_${date()}.zip`, selected: true }),
    () => ({ name: `somatogramm_${date().slice(0, 6)}.zip`, selected: false }),
    () => ({ name: `Kader-Planung_${pick(100000)}.zip`, selected: true }),
    () => ({ name: `exports/2026/${pad(1 + pick(12), 2)}/table_${pick(500)}.sql`, selected: true }),
    () => ({ name: `exports/archive/2025/table_${pick(500)}.sql`, selected: false }),
    () => ({ name: `exports/2026/.staging/table_${pick(500)}.csv`, selected: false }),
    () => ({ name: `.listing_${pick(100)}.sql.zip`, selected: false }),
    () => ({ name: `readme_${pick(50)}.txt`, selected: false }),
    () => ({ name: `images/photo_${pick(100000)}.png`, selected: false }),
    () => ({ name: `upload_${pick(10000)}.tmp`, selected: false }),
  ]
  return Array.from({ length: count }, () => (makers[pick(makers.length)] as () => LabelledName)())
}
