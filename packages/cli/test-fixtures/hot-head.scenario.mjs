// CLI end-to-end fixture for profiling: "after" does the same work as "before" and also calls
// a distinctively named busy function, so it regresses, and its profile must name that
// function. The function is recursive because V8 inlines small functions into their callers,
// whose samples then count for the caller; recursion keeps the time in its own frames.
function sharedFixtureWork(iterations) {
  let x = 0
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}

function distinctiveHotFunction(n) {
  return n < 2 ? n : distinctiveHotFunction(n - 1) + distinctiveHotFunction(n - 2)
}

export default {
  id: 'fixture/hot-head',
  description: 'A change that adds a hot function',
  runner: { kind: 'micro', roundMs: 20 },
  variants: {
    before: { baseline: true, prepare: () => () => sharedFixtureWork(5000) },
    after: { prepare: () => () => sharedFixtureWork(5000) + distinctiveHotFunction(18) },
  },
}
