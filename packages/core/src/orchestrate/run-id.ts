import { randomBytes } from 'node:crypto'

/**
 * Run ids sort by time and are safe as directory names: 20261123T104512Z-3fa9.
 * The random suffix keeps two runs started in the same second apart.
 */
export function newRunId(at: Date = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
  return `${stamp}-${randomBytes(2).toString('hex')}`
}

export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/
