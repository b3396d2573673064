/// <reference lib="dom" />
// DOM types for the functions this test runs inside the page (page.evaluate).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { siteFixture } from '../../test-fixtures/site-fixture.js'
import { loadReportAssets } from '../html/report-assets.js'
import { renderSite } from './render-site.js'
import { scenarioPagePath } from './site-paths.js'

/**
 * Opens a published site from disk in a real browser (as html-report.browser.test.ts does for
 * reports): the index, then a scenario page by clicking its link, whose history charts must
 * all draw, with no console error and no request for anything but the site's own files.
 */
const CHROMIUM = process.env.DYNO_CHROMIUM ?? '/usr/bin/chromium'
const haveBrowser = existsSync(CHROMIUM)

let tmp: string
let context: BrowserContext

describe.skipIf(!haveBrowser && !process.env.CI)('the published site in a browser', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dyno-site-browser-'))
    const input = siteFixture()
    for (const page of renderSite(input, await loadReportAssets())) {
      mkdirSync(path.dirname(path.join(tmp, page.path)), { recursive: true })
      writeFileSync(path.join(tmp, page.path), page.html)
    }
    // Stand-ins for the run reports the CLI writes beside the pages.
    for (const run of input.runs) {
      mkdirSync(path.dirname(path.join(tmp, run.reportHref)), { recursive: true })
      writeFileSync(path.join(tmp, run.reportHref), `<!doctype html><title>report ${run.runId}</title>`)
    }
    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      viewport: { width: 1100, height: 800 },
    })
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('goes from the index to a scenario page whose every chart draws, offline, and on to a run report', async () => {
    const page = await context.newPage()
    const errors: string[] = []
    const requests: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(path.join(tmp, 'index.html')).href)
    await page.click('a[href="scenarios/import-pipeline--pattern-match.html"]')
    await page.waitForFunction(() => /[✓✗]$/.test(document.title), null, { timeout: 30_000 })
    expect(await page.title()).toBe('import-pipeline/pattern-match ✓')
    const undrawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-chart]'))
        .filter((box) => (box.querySelector<HTMLCanvasElement>('.uplot canvas')?.width ?? 0) === 0)
        .map((box) => box.id),
    )
    expect(undrawn).toEqual([])
    expect(await page.locator('[data-chart]').count()).toBe(1)
    expect(await page.evaluate(() => (window as unknown as { dynoCharts?: unknown[] }).dynoCharts?.length)).toBe(1)
    await page.click('text=nsPerOp as a table')
    await page.click('a:has-text("8d1e0c1*")')
    expect(await page.title()).toBe('report 20261125T080000Z-3c4d')
    expect(errors).toEqual([])
    expect(requests.filter((r) => !r.startsWith(pathToFileURL(tmp).href))).toEqual([])
    expect(requests).toContain(pathToFileURL(path.join(tmp, scenarioPagePath('import-pipeline/pattern-match'))).href)
  })
})
