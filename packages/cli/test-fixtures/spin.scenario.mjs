// CLI end-to-end fixture: a deterministic CPU loop. DYNO_FIXTURE_SLOWDOWN=0.3 makes every
// variant do 30% more work, to stand in for a commit that made the code slower.
const slowdown = Number(process.env.DYNO_FIXTURE_SLOWDOWN ?? '0')
const spin = (iterations) => () => {
  let x = 0
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}
const work = Math.round(20000 * (1 + slowdown))

export default {
  id: 'fixture/spin',
  description: 'A CPU loop whose cost the test controls',
  runner: { kind: 'micro', roundMs: 20 },
  variants: {
    a: { baseline: true, prepare: () => spin(work) },
    b: { prepare: () => spin(work) },
  },
}
