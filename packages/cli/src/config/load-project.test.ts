import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadProject } from './load-project.js'
import { validateConfig } from './validate-config.js'

const dirs: string[] = []
function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-config-'))
  dirs.push(dir)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('config validation', () => {
  it('reports every problem at once, each with its field', () => {
    const { problems } = validateConfig(
      {
        scenarios: 42,
        threshold: 'lots',
        metrics: { nsPerOp: { gated: 'yes', threshold: 150, colour: 'red' }, 'Bad Name': {} },
        budgets: [{ metric: 'nsPerOp' }, { metric: 'nsPerOp', max: '50ms', statistic: 'p42' }],
        minRounds: 20,
        maxRounds: 10,
        rounds: 2.5,
        timeBudget: 90,
        strict: 'no',
        db: { mode: 'cloud', mysqlUrl: 'http://x' },
        colour: 'red',
      },
      '/project',
    )
    expect(problems).toEqual([
      'colour: unknown field (known fields: scenarios, exclude, resultsDir, reportsDir, threshold, metrics, budgets, rounds, minRounds, maxRounds, timeBudget, strict, report, db)',
      'scenarios: must be a pattern or a list of patterns (non-empty strings), not 42',
      "threshold: 'lots' is not a threshold; write it like 5% or 0.05",
      'metrics.nsPerOp.colour: unknown field (known fields: gated, threshold)',
      "metrics.nsPerOp.gated: must be true or false, not 'yes'",
      "metrics.nsPerOp.threshold: '150' is 100% or more; a threshold is a relative change such as 5%",
      "metrics.Bad Name: 'Bad Name' is not a metric name (camelCase, e.g. nsPerOp or peakRssBytes)",
      'budgets[0]: needs max or min',
      "budgets[1].max: must be a number in the metric's unit, not '50ms'",
      "budgets[1].statistic: must be one of median, p95, max, mean, not 'p42'",
      "rounds: '2.5' is not a whole number of at least 1",
      'minRounds: 20 is more than maxRounds (10)',
      "timeBudget: must be a duration with a unit, such as '90s', '5m' or '1500ms', not 90",
      "strict: must be true or false, not 'no'",
      "db.mode: must be one of auto, local, docker, external, embedded, not 'cloud'",
      "db.mysqlUrl: must be a URL starting with mysql:// or mariadb://, not 'http://x'",
    ])
  })

  it('turns a valid config into settings with absolute paths and fractions', () => {
    const { settings, problems } = validateConfig(
      {
        scenarios: 'bench',
        resultsDir: 'out/results',
        threshold: '3%',
        metrics: { peakRssBytes: { gated: true, threshold: 0.1 } },
        timeBudget: '90s',
        db: { mode: 'external', mysqlUrl: 'mysql://root@127.0.0.1:3306/bench' },
      },
      '/project',
    )
    expect(problems).toEqual([])
    expect(settings).toMatchObject({
      scenarios: ['bench'],
      resultsDir: '/project/out/results',
      reportsDir: '/project/reports',
      threshold: 0.03,
      metrics: { peakRssBytes: { gated: true, threshold: 0.1 } },
      timeBudgetMs: 90_000,
      db: { mode: 'external', mysqlUrl: 'mysql://root@127.0.0.1:3306/bench', firebirdUrl: undefined },
    })
  })
})

describe('finding the project', () => {
  it('uses the nearest config file above the working directory as the root, and loads TypeScript', async () => {
    const root = tempProject({
      'dyno.config.ts': "const dir: string = 'out'\nexport default { resultsDir: dir, scenarios: ['bench/**/*.scenario.ts'] }\n",
      'src/deep/.keep': '',
    })
    const project = await loadProject(path.join(root, 'src', 'deep'))
    expect(project.root).toBe(root)
    expect(project.configFile).toBe(path.join(root, 'dyno.config.ts'))
    expect(project.settings.resultsDir).toBe(path.join(root, 'out'))
    expect(project.settings.scenarios).toEqual(['bench/**/*.scenario.ts'])
  })

  it('does not look above the repository top, and then roots the project at the working directory', async () => {
    const outer = tempProject({ 'dyno.config.mjs': 'export default { resultsDir: "outer" }\n', 'repo/.git/HEAD': '', 'repo/app/.keep': '' })
    const project = await loadProject(path.join(outer, 'repo', 'app'))
    expect(project.configFile).toBeNull()
    expect(project.root).toBe(path.join(outer, 'repo', 'app'))
    expect(project.settings.resultsDir).toBe(path.join(outer, 'repo', 'app', 'results'))
  })

  it('refuses a config with problems, naming the file in every line', async () => {
    const root = tempProject({ 'dyno.config.mjs': "export default { threshold: 'lots', report: 'sometimes' }\n" })
    const error = await loadProject(root).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'config-invalid',
      exitKind: 'usage',
      message: '2 problems in dyno.config.mjs',
    })
    expect((error as { details: string[] }).details).toEqual([
      "dyno.config.mjs: threshold: 'lots' is not a threshold; write it like 5% or 0.05",
      "dyno.config.mjs: report: must be true or false, not 'sometimes'",
    ])
  })

  it('refuses two config files in one directory, a config that throws, and a --config that does not exist', async () => {
    const two = tempProject({ 'dyno.config.ts': 'export default {}\n', 'dyno.config.js': 'export default {}\n' })
    await expect(loadProject(two)).rejects.toMatchObject({ code: 'config-ambiguous' })
    const throwing = tempProject({ 'dyno.config.mjs': "throw new Error('no database URL set')\n" })
    await expect(loadProject(throwing)).rejects.toMatchObject({
      code: 'config-load-failed',
      message: expect.stringContaining('cannot be loaded: no database URL set'),
    })
    await expect(loadProject(throwing, 'nope.config.ts')).rejects.toMatchObject({ code: 'config-missing' })
  })
})
