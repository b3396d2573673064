import type { ProjectFacts } from './detect-project.js'

/**
 * The example scenario `dyno init` writes. It runs as it is (two self-contained ways to do
 * one job, a clear improvement), so `npm run bench` works before the user edits anything, and
 * its comments say how to point it at the project's own code: the entry module and the
 * function names found there, with the import line to write.
 */
function importLine(facts: ProjectFacts, scenarioDir: string): string | null {
  if (facts.entry === null) return null
  const fromScenario = `${'../'.repeat(scenarioDir.split('/').filter(Boolean).length)}${facts.entry}`
  // tsx resolves './x.js' to './x.ts', and it is the spelling NodeNext-style TypeScript wants.
  const specifier = fromScenario.replace(/\.(m?)ts$/, '.$1js')
  const name = facts.exportedFunctions[0]
  return name === undefined ? `import * as project from '${specifier}'` : `import { ${name} } from '${specifier}'`
}

function ownCodeComment(facts: ProjectFacts, scenarioDir: string): string {
  const line = importLine(facts, scenarioDir)
  if (line === null) {
    return `// Benchmark your own code: import the function you want to speed up from your project,
// keep the current implementation as \`before\`, and put your candidate in \`after\`.`
  }
  const names = facts.exportedFunctions.length > 0 ? `, which exports ${facts.exportedFunctions.join(', ')}` : ''
  return `// Benchmark your own code: this project's entry is ${facts.entry}${names}.
// Import the function you want to speed up, keep the current implementation as \`before\`, and
// put your candidate in \`after\`:
//
//   ${line}`
}

export function exampleScenario(facts: ProjectFacts, scenarioDir: string): string {
  const ts = facts.typescript
  const t = (typed: string, plain = '') => (ts ? typed : plain)
  return `// An example dyno scenario, written by \`dyno init\`. Run it with \`npm run bench\`
// (or \`npx dyno run\`); \`npx dyno run --quick\` is a faster smoke run.
//
// A scenario does one job in two or more variants. dyno runs them interleaved, round by
// round, on this machine, keeps every sample in results/<run-id>/, and says whether each
// variant improved, regressed or is equivalent to the baseline, with a confidence interval.
// Every option is described in dyno's docs/scenarios.md.
//
${ownCodeComment(facts, scenarioDir)}
//
// Until then, this file compares two ways to find the repeated words in a list, so it runs
// as it is.
import { defineScenario, micro } from '@dyno/core'

/** The current implementation: compares every pair of words, O(n²). */
function repeatedWordsBefore(words${t(': readonly string[]')})${t(': string[]')} {
  const repeated${t(': string[]')} = []
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      if (words[i] === words[j] && !repeated.includes(words[i]${t(' as string')})) repeated.push(words[i]${t(' as string')})
    }
  }
  return repeated
}

/** The candidate: one pass with a Set, O(n). */
function repeatedWordsAfter(words${t(': readonly string[]')})${t(': string[]')} {
  const seen = new Set${t('<string>')}()
  const repeated = new Set${t('<string>')}()
  for (const word of words) {
    if (seen.has(word)) repeated.add(word)
    else seen.add(word)
  }
  return [...repeated]
}

/** \`count\` words, a quarter of them repeats of earlier ones. */
function makeWords(count${t(': number')})${t(': string[]')} {
  const distinct = Math.ceil(count * 0.75)
  return Array.from({ length: count }, (_, i) => \`word\${(i * 37) % distinct}\`)
}

export default defineScenario({
  // \`<system>/<name>\` in lower-case kebab. Results are kept under this id, so renaming it
  // starts a new history.
  id: '${facts.systemName}/repeated-words',
  description: 'Find the repeated words in a list of 1,000: nested loops vs a Set',
  // micro() times one call many times and reports nsPerOp. For a whole job per round (rows/s,
  // CPU, peak memory), use throughput({ unit: 'rows', units: (output) => output.length }).
  runner: micro(),
  // Runs once, outside the clock; what it returns goes to every prepare() and to verify().
  // \`quick\` is true under \`dyno run --quick\`: use a smaller input there.
  setup: ({ quick }) => makeWords(quick ? 300 : 1000),
  variants: {
    // Exactly one variant is the baseline the others are compared against. prepare() builds
    // the operation outside the clock and returns the function that is timed.
    before: { baseline: true, prepare: (words) => () => repeatedWordsBefore(words) },
    after: { prepare: (words) => () => repeatedWordsAfter(words) },
  },
  // A variant whose output is wrong is marked invalid and never compared: a fast wrong answer
  // is not an improvement.
  verify: (output, { fixture }) => output.length === fixture.length - Math.ceil(fixture.length * 0.75) || \`found \${output.length} repeated words\`,
  // Absolute limits, checked on every run; a broken one fails the run (exit 1).
  budgets: [{ metric: 'nsPerOp', variant: 'after', max: 1_000_000, reason: 'one call must stay under 1 ms' }],
})
`
}
