/** What seeding a dataset did: how many rows, how long, and by which path. */
export interface SeedReport {
  datasetId: string
  table: string
  rows: number
  durationMs: number
  rowsPerSec: number
  /** E.g. 'server-side EXECUTE BLOCK', 'LOAD DATA LOCAL INFILE', 'multi-row INSERT', 'one transaction'. */
  method: string
}

export function seedReport(datasetId: string, table: string, rows: number, startedMs: number, method: string): SeedReport {
  const durationMs = performance.now() - startedMs
  return { datasetId, table, rows, durationMs, rowsPerSec: durationMs > 0 ? (rows * 1000) / durationMs : 0, method }
}
