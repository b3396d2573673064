// A throughput scenario as a plain object (no imports), loaded by isolated round processes in
// run-scenario.test.ts. `allocate` keeps a large array alive so its peak RSS is visibly larger.
const job = (megabytes) => () => {
  const blocks = []
  for (let i = 0; i < megabytes; i++) blocks.push(Buffer.alloc(1024 * 1024, 1))
  return { units: blocks.length, checksum: blocks.reduce((sum, b) => sum + b[0], 0) }
}

export default {
  id: 'fixture/isolated-job',
  description: 'Allocates memory in a child process per round',
  runner: { kind: 'throughput', unit: 'blocks', units: (output) => output.units, isolation: 'process' },
  setup: () => ({ small: 4, large: 64 }),
  variants: {
    small: { baseline: true, prepare: (fixture) => job(fixture.small) },
    large: { prepare: (fixture) => job(fixture.large) },
  },
  verify: (output) => output.checksum === output.units || `checksum ${output.checksum} != ${output.units}`,
}
