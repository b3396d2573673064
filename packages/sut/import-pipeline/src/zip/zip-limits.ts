/**
 * Limits an archive must stay within before anything of it is trusted. The defaults suit the
 * importer's SQL dumps: one entry may be large (a whole table), but text compresses 5–15×,
 * never 1000×, so a higher ratio is a bomb, not a dump.
 */
export interface ZipLimits {
  /** Largest uncompressed size of one entry, counted while inflating (headers can lie). */
  maxEntryBytes: number
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number
  /** Most entries one archive may hold. */
  maxEntries: number
  /** Largest uncompressed/compressed ratio of one entry. */
  maxCompressionRatio: number
  /**
   * Entries smaller than this are exempt from the ratio check: a 10 KB run of spaces compresses
   * 500× and is harmless. The exemption is bounded, so it cannot be used to inflate a bomb.
   */
  ratioExemptBelowBytes: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 16 * 1024 ** 3,
  maxEntries: 10_000,
  maxCompressionRatio: 200,
  ratioExemptBelowBytes: 1024 * 1024,
}
