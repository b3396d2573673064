import type { SiteInput, SiteRun } from '../src/site/site-input.js'
import { buildRun, ENVIRONMENT, fixtureHistory, HEAD_ENVIRONMENT, RUN_ID, RUN_START } from './fixture-results.js'

/**
 * Several runs as `dyno publish` finds them under results/: three saved baselines that exist
 * only as baselines (their runs were cleaned up), the fixture run with a baseline of its own
 * name, and two later runs of another commit: one measured on another machine, one with
 * uncommitted changes.
 */
const commit = (sha: string, branch: string) => ({ ...ENVIRONMENT, git: { sha, branch, dirty: false } })

export function siteFixture(): SiteInput {
  const old: SiteRun[] = fixtureHistory().map((h) => ({
    runId: h.results[0]?.runId as string,
    results: h.results,
    baselines: [h.label],
    reportHref: `baselines/${h.label}/index.html`,
  }))
  const runs: SiteRun[] = [
    ...old,
    { runId: RUN_ID, results: buildRun(RUN_ID), baselines: ['main'], reportHref: `runs/${RUN_ID}/index.html` },
    {
      runId: '20261124T091500Z-1a2b',
      results: buildRun('20261124T091500Z-1a2b', { patternSlowdown: 1.3, withoutHostile: true, seedOffset: 1 }, RUN_START + 86_400_000, {
        ...commit('8d1e0c1b5f3a47d2a9c0e6b7f4d2c1a0b9e8d7c6', 'feature/faster'),
        machineId: 'ffffffffffff',
      }),
      baselines: [],
      reportHref: 'runs/20261124T091500Z-1a2b/index.html',
    },
    {
      runId: '20261125T080000Z-3c4d',
      results: buildRun('20261125T080000Z-3c4d', { withoutHostile: true, seedOffset: 2 }, RUN_START + 2 * 86_400_000, HEAD_ENVIRONMENT),
      baselines: [],
      reportHref: 'runs/20261125T080000Z-3c4d/index.html',
    },
  ]
  return {
    title: 'acme: dyno benchmark history',
    generatedAt: '2026-11-26T10:00:00.000Z',
    runs,
    skipped: [{ name: 'results/20261120T000000Z-dead', reason: 'corrupt.json does not match the result schema v1' }],
  }
}
