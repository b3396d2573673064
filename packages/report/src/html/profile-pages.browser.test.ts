/// <reference lib="dom" />
// DOM types for the functions this test runs inside the page (page.evaluate).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FlameNode } from '@dyno/core'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOSTILE_FUNCTION, withProfile } from '../../test-fixtures/fixture-profile.js'
import { fixtureRun } from '../../test-fixtures/fixture-results.js'
import { renderFlameGraphPage } from './flame-graph-page.js'
import { renderHtmlReport } from './render-html-report.js'
import { loadReportAssets } from './report-assets.js'

/**
 * A run's report with a profiled scenario and the flame graph page it links, opened from disk
 * in a real browser: the link leads to the page, the graph draws with no script, nothing is
 * requested from anywhere, nothing logs an error, and a hostile function name stays text.
 * Skipped like html-report.browser.test.ts when no browser is installed (CI installs one).
 */
const CHROMIUM = process.env.DYNO_CHROMIUM ?? '/usr/bin/chromium'
const haveBrowser = existsSync(CHROMIUM)

let tmp: string
let context: BrowserContext
let report: string

function flameTree(): FlameNode {
  const leaf = (name: string, self: number): FlameNode => ({ name, location: 'src/work.ts', line: 7, self, total: self, children: [] })
  const work: FlameNode = {
    name: 'work',
    location: 'src/work.ts',
    line: 1,
    self: 50,
    total: 1000,
    children: [leaf('distinctiveHotFunction', 700), leaf(HOSTILE_FUNCTION, 250)],
  }
  return { name: 'all', location: '', line: null, self: 0, total: 1000, children: [work] }
}

describe.skipIf(!haveBrowser && !process.env.CI)('profile pages in a browser', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dyno-profile-browser-'))
    const run = fixtureRun()
    const [first, ...rest] = run.results
    if (first === undefined) throw new Error('empty fixture')
    const profiled = withProfile(first)
    report = path.join(tmp, 'report', 'index.html')
    const page = path.join(tmp, 'report', 'profiles', 'after.html')
    mkdirSync(path.dirname(page), { recursive: true })
    writeFileSync(
      report,
      renderHtmlReport(
        {
          kind: 'run',
          title: 'profiled run',
          results: [profiled, ...rest],
          comparisons: run.comparisons,
          gate: run.gate,
          profileLinks: (result, label) =>
            result === profiled
              ? {
                  flameGraph: `profiles/${label === profiled.scenario.baselineVariant ? 'before' : 'after'}.html`,
                  cpuProfile: null,
                  heapProfile: null,
                  heapFlameGraph: null,
                }
              : null,
        },
        await loadReportAssets(),
      ),
    )
    writeFileSync(
      page,
      renderFlameGraphPage({
        title: 'after: CPU flame graph',
        subtitle: 'test',
        tree: flameTree(),
        unit: 'us',
        figures: [],
        links: [{ label: '← the report', href: '../index.html' }],
      }),
    )
    context = await chromium.launchPersistentContext(path.join(tmp, 'browser'), {
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, HOME: tmp },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 900 },
    })
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('follows the report’s flame graph link to a page that draws with no script and requests nothing', async () => {
    const page = await context.newPage()
    const problems: string[] = []
    const requests: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(report).href)
    await page.waitForFunction(() => /[✓✗]$/.test(document.title), null, { timeout: 30_000 })
    expect(await page.locator('table.profile-diff').count()).toBe(1)
    await page.locator('a', { hasText: 'flame graph' }).last().click()
    await page.waitForURL(/profiles\/after\.html$/)
    const boxes = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg.flame rect')).map((r) => (r as SVGRectElement).getBoundingClientRect().width),
    )
    expect(boxes.length).toBe(4)
    expect(boxes.every((w) => w > 0)).toBe(true)
    const titles = await page.evaluate(() => Array.from(document.querySelectorAll('svg.flame title')).map((t) => t.textContent ?? ''))
    expect(titles.some((t) => t.startsWith(`${'<img src=x onerror="window.pwned=3">'} — src/work.ts:7`))).toBe(true)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    expect(problems).toEqual([])
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([])
    await page.close()
  })
})
