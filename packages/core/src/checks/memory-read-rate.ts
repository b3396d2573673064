/**
 * How fast one core of this machine reads memory: `Buffer#indexOf` for a byte that is not
 * there, over a buffer too large for the faster caches, so it streams every byte once with
 * the C library's vectorised memchr. No job that looks at each byte it counts can run faster
 * than this on the same core; the throughput runner's plausibility check holds byte rates up
 * against it (seed 001's "43 GB/s" ZIP extraction, where this machine reads about 10 GB/s).
 */
const BUFFER_BYTES = 64 * 1024 * 1024
const PASSES = 3

export function measureMemoryReadBytesPerSec(): number {
  // Filled with a non-zero byte, so every page is really written: a zero-filled allocation
  // maps untouched pages to the kernel's one zero page, which reads from cache at 100+ GB/s.
  const buffer = Buffer.alloc(BUFFER_BYTES, 0x20)
  let bestNs = Number.POSITIVE_INFINITY
  for (let pass = 0; pass < PASSES; pass++) {
    const started = process.hrtime.bigint()
    if (buffer.indexOf(0) !== -1) throw new Error('memory read rate: the scanned buffer holds a byte it was not filled with')
    bestNs = Math.min(bestNs, Number(process.hrtime.bigint() - started))
  }
  return (BUFFER_BYTES / Math.max(bestNs, 1)) * 1e9
}
