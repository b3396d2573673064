// A deliberately broken benchmark, in the manner of seed 001's ZIP extraction figures
// ("0.23 ns/op", "44 GB/s" for 10 KB files): each scenario pairs an honest variant with ones
// that measure nothing, and dyno must flag those as implausible. A test fixture only:
// dyno.config.ts selects scenarios/**, so `npm start` never runs it.
// Plain objects, no imports, so it loads anywhere (core's tests, a round child process).

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})

/** CRC-32 of an entry's data: what an extractor must compute over every byte it writes. */
function crc32(bytes) {
  let c = -1
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ -1) >>> 0
}

function entry(size) {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 7)) & 0xff
  return bytes
}

/**
 * The zip-bomb guard an extractor applies to each entry before the work: is the compression
 * ratio within bounds? Pure arithmetic: called with constant sizes and its answer ignored,
 * the JIT folds the call to nothing.
 */
function ratioWithinLimit(uncompressedBytes, compressedBytes) {
  return Math.log2(uncompressedBytes / Math.max(compressedBytes, 1)) < 10
}

const SMALL_ENTRY = entry(10 * 1024)

export const microFixture = {
  id: 'fixture/broken-zip-extract',
  description: 'Seed 001 ZIP extraction, benchmarked the broken way: result unused, constant input',
  runner: { kind: 'micro', roundMs: 20 },
  variants: {
    'crc-10k-entry': {
      baseline: true,
      description: 'Honest: checks a 10 KB entry (CRC-32 over every byte) and returns the checksum',
      prepare: () => () => crc32(SMALL_ENTRY),
    },
    'guard-result-unused': {
      description: 'Broken: applies the ratio guard to constant sizes and throws the answer away; the JIT deletes all of it',
      prepare: () => () => {
        ratioWithinLimit(10 * 1024, 2 * 1024)
      },
    },
  },
}

const LARGE_BYTES = 4 * 1024 * 1024
const COPIES = 1000

export const throughputFixture = {
  id: 'fixture/broken-zip-extract-throughput',
  description: 'Seed 001 ZIP extraction as bytes per second, benchmarked the broken way',
  runner: { kind: 'throughput', unit: 'bytes', units: (output) => output.bytes, isolation: 'in-process' },
  setup: () => ({ large: entry(LARGE_BYTES) }),
  variants: {
    'crc-every-round': {
      baseline: true,
      description: 'Honest: CRC-32 over a 4 MiB entry in every round',
      prepare: (fixture) => () => ({ bytes: fixture.large.length, crc: crc32(fixture.large) }),
    },
    'result-cached': {
      description: 'Broken: the entry was checked once in prepare(); every round returns that result and counts the bytes again',
      prepare: (fixture) => {
        const crc = crc32(fixture.large)
        return () => ({ bytes: fixture.large.length, crc })
      },
    },
    'same-10k-entry-from-cache': {
      description: "Broken like the seed's 10 KB figure: copies one 10 KB entry 1,000 times from the CPU cache and counts 10 MB",
      prepare: () => {
        const target = new Uint8Array(SMALL_ENTRY.length)
        return () => {
          for (let i = 0; i < COPIES; i++) target.set(SMALL_ENTRY)
          return { bytes: SMALL_ENTRY.length * COPIES, crc: target[0] }
        }
      },
    },
  },
}

export default [microFixture, throughputFixture]
