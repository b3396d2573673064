// CLI end-to-end fixture: the "after" variant does 30% more work than "before".
const spin = (iterations) => () => {
  let x = 0
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}

export default {
  id: 'fixture/slower-after',
  description: 'An optimisation that made things slower',
  runner: { kind: 'micro', roundMs: 20 },
  variants: {
    before: { baseline: true, prepare: () => spin(20000) },
    after: { prepare: () => spin(26000) },
  },
}
