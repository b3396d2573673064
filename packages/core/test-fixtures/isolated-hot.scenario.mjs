// A throughput scenario whose rounds run in fresh child processes (isolation 'process'), for
// the profiling tests: the "head" variant spends most of its job in a distinctively named
// function, which the profile taken inside the child must show.
function sharedChildWork(iterations) {
  let x = 0
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}

// Naive recursive Fibonacci: a classic profiling subject whose time V8 cannot fold into the
// caller. (V8 inlines small functions into their callers and their samples then count for the
// caller; recursion keeps almost every sample in this function's own frames.)
function distinctiveHotFunctionInChild(n) {
  return n < 2 ? n : distinctiveHotFunctionInChild(n - 1) + distinctiveHotFunctionInChild(n - 2)
}

export default {
  id: 'fixture/isolated-hot',
  description: 'A job in a child process per round; head adds a hot function',
  runner: { kind: 'throughput', unit: 'jobs', units: 1, isolation: 'process' },
  setup: () => ({ iterations: 1_000_000, fibonacci: 30 }),
  variants: {
    base: { baseline: true, prepare: (fixture) => () => sharedChildWork(fixture.iterations) },
    head: {
      prepare: (fixture) => () => sharedChildWork(fixture.iterations) + distinctiveHotFunctionInChild(fixture.fibonacci),
    },
  },
}
