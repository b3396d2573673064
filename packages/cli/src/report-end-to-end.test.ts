import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The reports the `dyno` binary writes (npm test builds it first): the HTML at the end of
 * `dyno run`, `dyno report` re-rendering from results alone, and `dyno compare --html/--markdown`,
 * each in a temporary working directory as a user or a CI job would run them.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const SPIN = fileURLToPath(new URL('../test-fixtures/spin.scenario.mjs', import.meta.url))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function dyno(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const { DYNO_REPORTS_DIR: _outer, DYNO_RESULTS_DIR: _results, ...inherited } = process.env
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...inherited, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const quickRun = ['run', '--quick', '--rounds', '6', '--seed', '1', '--scenarios', SPIN]
const noStack = (run: Run) => expect(run.stderr).not.toMatch(/^\s+at /m)
let cwd: string
let firstRun: Run
let firstId: string
let secondId: string

beforeAll(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'dyno-report-'))
  firstRun = dyno(quickRun, cwd)
  expect(firstRun.code, firstRun.stderr).toBe(0)
  firstId = readdirSync(path.join(cwd, 'results'))[0] as string
  expect(dyno(['baseline', 'save', 'main'], cwd).code).toBe(0)
  const second = dyno(quickRun, cwd)
  expect(second.code, second.stderr).toBe(0)
  secondId = readdirSync(path.join(cwd, 'results'))
    .filter((d) => d !== 'baselines' && d !== firstId)
    .at(0) as string
}, 180_000)

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
})

describe('dyno run writes an HTML report', () => {
  it('to reports/<run-id>/index.html, printing its path just before the results directory, which stays last', () => {
    const lines = firstRun.stdout.trimEnd().split('\n')
    expect(lines.at(-1)).toBe(`Results: results/${firstId}`)
    expect(lines.at(-2)).toBe(`Report: reports/${firstId}/index.html`)
    const page = readFileSync(path.join(cwd, 'reports', firstId, 'index.html'), 'utf8')
    expect(page).toContain(`<title>dyno run ${firstId}</title>`)
    expect(page).toContain('fixture/spin')
  })

  it('with the saved baselines as history', () => {
    const page = readFileSync(path.join(cwd, 'reports', secondId, 'index.html'), 'utf8')
    expect(page).toContain('<h3>History</h3>')
    expect(page).toContain('<th scope="col">main</th><th scope="col">this run</th>')
  })

  it('where --reports or $DYNO_REPORTS_DIR say, and not at all with --no-report', () => {
    const custom = dyno([...quickRun, '--reports', 'out/html'], cwd)
    expect(custom.stdout).toMatch(/^Report: out\/html\/\d{8}T\d{6}Z-[0-9a-f]{4}\/index\.html$/m)
    const fromEnv = dyno([...quickRun, '--format', 'json'], cwd, { DYNO_REPORTS_DIR: 'env-reports' })
    const report = (JSON.parse(fromEnv.stdout) as { report: string }).report
    expect(report).toMatch(/^env-reports\//)
    expect(existsSync(path.join(cwd, report))).toBe(true)
    const none = dyno([...quickRun, '--no-report'], cwd)
    expect(none.code).toBe(0)
    expect(none.stdout).not.toContain('Report:')
    const markdown = dyno([...quickRun, '--format', 'markdown'], cwd)
    expect(markdown.stdout).toMatch(/^Full report: reports\/\d{8}T\d{6}Z-[0-9a-f]{4}\/index\.html$/m)
  })
})

describe('dyno report', () => {
  it('is listed in the help', () => {
    expect(dyno(['--help'], cwd).stdout).toMatch(/^\s+report \[options\] \[runs\.\.\.\]\s+re-render the HTML report/m)
  })

  it('re-renders the latest run from its result files alone', () => {
    const out = dyno(['report'], cwd)
    expect(out.code, out.stderr).toBe(0)
    const latest = readdirSync(path.join(cwd, 'results'))
      .filter((d) => d !== 'baselines')
      .sort()
      .at(-1) as string
    expect(out.stdout).toBe(`Report: reports/${latest}/index.html\n`)
  })

  it('renders several runs named by id, baseline name or directory, and one run to --out', () => {
    const out = dyno(['report', firstId, 'main', path.join('results', secondId)], cwd)
    expect(out.code, out.stderr).toBe(0)
    expect(out.stdout.trim().split('\n')).toEqual([
      `Report: reports/${firstId}/index.html`,
      `Report: reports/${firstId}/index.html`,
      `Report: reports/${secondId}/index.html`,
    ])
    const one = dyno(['report', 'main', '--out', 'shared/main.html'], cwd)
    expect(one.stdout).toBe('Report: shared/main.html\n')
    expect(readFileSync(path.join(cwd, 'shared/main.html'), 'utf8')).toContain(`<title>dyno run ${firstId} (main)</title>`)
  })

  it('refuses bad input with one line, a hint and exit 2', () => {
    const two = dyno(['report', firstId, secondId, '--out', 'x.html'], cwd)
    expect(two.code).toBe(2)
    expect(two.stderr).toContain('--out names one file, but 2 runs were given')
    expect(two.stderr).toContain('hint:')
    noStack(two)
    const unknown = dyno(['report', 'no-such-run'], cwd)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("'no-such-run' is not a result file, a run directory, a run id or a saved baseline")
    noStack(unknown)
    const directory = dyno(['report', '--out', 'reports'], cwd)
    expect(directory.code).toBe(2)
    expect(directory.stderr).toContain('is a directory, not a file to write the report to')
    noStack(directory)
  })
})

describe('dyno compare --html and --markdown', () => {
  it('write the comparison report and the Markdown summary, list them after the table, and keep the exit code', () => {
    const plain = dyno(['compare', 'main', secondId], cwd)
    const out = dyno(['compare', 'main', secondId, '--html', 'cmp/index.html', '--markdown', 'cmp/summary.md'], cwd)
    expect(out.code).toBe(plain.code)
    expect(out.stdout.trimEnd().split('\n').slice(-2)).toEqual(['Report: cmp/index.html', 'Markdown: cmp/summary.md'])
    const page = readFileSync(path.join(cwd, 'cmp/index.html'), 'utf8')
    expect(page).toContain(`<th scope="col">base: main</th><th scope="col">head: ${secondId}</th>`)
    const markdown = readFileSync(path.join(cwd, 'cmp/summary.md'), 'utf8')
    expect(markdown).toMatch(/^## dyno compare .* vs main: /)
    expect(markdown).toContain('Full report: cmp/index.html')
  })

  it('keep stdout machine-readable with --format json, naming the files on stderr', () => {
    const out = dyno(['compare', 'main', secondId, '--format', 'json', '--html', 'cmp/json.html'], cwd)
    expect((JSON.parse(out.stdout) as { report: string }).report).toBe('cmp/json.html')
    expect(out.stderr).toContain('Report: cmp/json.html')
  })

  it('refuse an unwritable report path with exit 2', () => {
    writeFileSync(path.join(cwd, 'a-file'), '')
    const out = dyno(['compare', 'main', secondId, '--html', 'a-file/report.html'], cwd)
    expect(out.code).toBe(2)
    expect(out.stderr).toContain('cannot write the report to')
    expect(out.stderr).toContain('part of the path is a file, not a directory')
    noStack(out)
  })
})
