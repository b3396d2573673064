/// <reference lib="dom" />
// DOM types for the functions this test runs inside the page (page.evaluate).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { compareWithinRun, gate } from '@dyno/core'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureCompare, fixtureHistory, fixtureRun, HOSTILE_VARIANT, RUN_ID } from '../../test-fixtures/fixture-results.js'
import { renderHtmlReport } from './render-html-report.js'
import { loadReportAssets } from './report-assets.js'

/**
 * Opens rendered reports from disk in a real browser (Debian's chromium, driven by
 * playwright-core), the way a reader opens one: from file://, offline. Checks that the summary
 * is there, that every chart drew, that the page logs no error and requests nothing but
 * itself, that hostile names stay text, and saves a screenshot.
 *
 * CI installs chromium (.ci/run). Elsewhere the test is skipped, with a note, when no browser
 * is found; set DYNO_CHROMIUM to use another binary and DYNO_SCREENSHOT_DIR to keep the
 * screenshots.
 */
const CHROMIUM = process.env.DYNO_CHROMIUM ?? '/usr/bin/chromium'
const haveBrowser = existsSync(CHROMIUM)
if (!haveBrowser && !process.env.CI) console.warn(`html-report browser test skipped: no browser at ${CHROMIUM} (apt-get install chromium)`)

interface Visit {
  page: Page
  consoleErrors: string[]
  requests: string[]
}

let tmp: string
let screenshots: string
let context: BrowserContext
const files: Record<'run' | 'compare' | 'hostileId', string> = { run: '', compare: '', hostileId: '' }

async function visit(file: string): Promise<Visit> {
  const page = await context.newPage()
  const consoleErrors: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text())
  })
  page.on('pageerror', (e) => consoleErrors.push(e.message))
  page.on('request', (r) => requests.push(r.url()))
  await page.goto(pathToFileURL(file).href)
  await page.waitForFunction(() => /[✓✗]$/.test(document.title), null, { timeout: 30_000 })
  return { page, consoleErrors, requests }
}

/**
 * Every chart box holds a uPlot chart (counted in window.dynoCharts) whose canvas has pixels on
 * it; every SVG plot has size and marks.
 */
async function undrawnCharts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = []
    const boxes = Array.from(document.querySelectorAll<HTMLElement>('[data-chart]'))
    const drawn = (window as unknown as { dynoCharts?: unknown[] }).dynoCharts ?? []
    if (drawn.length !== boxes.length) bad.push(`${drawn.length} of ${boxes.length} charts drawn`)
    for (const box of boxes) {
      const canvas = box.querySelector<HTMLCanvasElement>('.uplot canvas')
      const ctx = canvas?.getContext('2d')
      const pixels = canvas && ctx ? ctx.getImageData(0, 0, canvas.width, canvas.height).data : null
      let painted = 0
      if (pixels) for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) painted++
      if (!canvas || canvas.width === 0 || canvas.height === 0 || painted < 500) bad.push(box.id)
    }
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>('svg.distribution'))) {
      const box = svg.getBoundingClientRect()
      // Each row draws its samples as one path of round-capped dots, or a note saying why not.
      const marks = svg.querySelectorAll('path.points[d*="h0"], .row-note').length
      if (box.width < 100 || box.height < 20 || marks === 0) bad.push(svg.id)
    }
    return bad
  })
}

describe.skipIf(!haveBrowser && !process.env.CI)('the HTML report in a browser', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dyno-report-browser-'))
    screenshots = process.env.DYNO_SCREENSHOT_DIR ?? path.join(tmp, 'screenshots')
    mkdirSync(screenshots, { recursive: true })
    const assets = await loadReportAssets()
    const run = fixtureRun()
    files.run = path.join(tmp, 'run', 'index.html')
    mkdirSync(path.dirname(files.run))
    writeFileSync(
      files.run,
      renderHtmlReport(
        { kind: 'run', title: `dyno run ${RUN_ID}`, ...run, history: fixtureHistory(), generatedAt: '2026-11-23T11:00:00Z' },
        assets,
      ),
    )
    const cmp = fixtureCompare()
    files.compare = path.join(tmp, 'compare.html')
    writeFileSync(
      files.compare,
      renderHtmlReport(
        {
          kind: 'compare',
          title: 'dyno compare',
          base: { label: 'main', results: cmp.base },
          head: { label: 'head', results: cmp.head },
          comparison: cmp.comparison,
          gate: cmp.gate,
        },
        assets,
      ),
    )
    // Not schema-valid (ids are restricted), but a renderer must not trust its input.
    const first = run.results[0] as (typeof run.results)[number]
    const hostile = { ...first, scenario: { ...first.scenario, id: '<script>window.pwned=3</script>/x' } }
    const comparisons = compareWithinRun([hostile])
    files.hostileId = path.join(tmp, 'hostile-id.html')
    writeFileSync(
      files.hostileId,
      renderHtmlReport(
        { kind: 'run', title: hostile.scenario.id, results: [hostile], comparisons, gate: gate({ comparisons, results: [hostile] }) },
        assets,
      ),
    )

    const profile = path.join(tmp, 'profile')
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // Chromium writes crash-report folders under $HOME even with its own profile dir.
      env: { ...process.env, HOME: tmp },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
      viewport: { width: 1280, height: 900 },
    })
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    // The profile, the pages and (unless DYNO_SCREENSHOT_DIR keeps them elsewhere) the screenshots.
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('opens a run report from disk, draws every chart, logs no error and requests nothing but itself', async () => {
    const { page, consoleErrors, requests } = await visit(files.run)
    expect(await page.title()).toBe(`dyno run ${RUN_ID} ✓`)
    expect(await page.locator('#script-error').isHidden()).toBe(true)
    expect(consoleErrors).toEqual([])
    expect(requests).toEqual([pathToFileURL(files.run).href])
    const canvases = await page.locator('[data-chart]').count()
    expect(canvases).toBeGreaterThan(15)
    expect(await page.locator('svg.distribution').count()).toBeGreaterThan(15)
    expect(await undrawnCharts(page)).toEqual([])
    const shot = path.join(screenshots, 'run-report.png')
    await page.screenshot({ path: shot, fullPage: true })
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')
    expect(statSync(shot).size).toBeGreaterThan(50_000)
    await page.close()
  })

  it('shows the summary table first, worst first, with verdicts in words as well as colour', async () => {
    const { page } = await visit(files.run)
    const headings = await page.locator('main > section > h2').allTextContents()
    expect(headings[0]).toBe('Summary')
    const rows = page.locator('table.verdicts tbody tr')
    expect(await rows.count()).toBe(fixtureRun().comparisons.length + 2)
    expect((await rows.nth(0).locator('td').nth(0).textContent())?.trim()).toBe('⚠ invalid')
    expect((await rows.nth(2).locator('td').allTextContents()).slice(0, 4).map((t) => t.trim())).toEqual([
      '✗ regressed',
      'account-service/get-account',
      'sqlite-wal vs memory',
      'p99LatencyUs',
    ])
    // Colour differs by verdict, and the word is there for whoever cannot see it.
    const colours = await page.evaluate(() =>
      ['regressed', 'improved', 'inconclusive'].map((v) => getComputedStyle(document.querySelector(`.verdict-${v}`) as Element).color),
    )
    expect(new Set(colours).size).toBe(3)
    await expect.poll(() => page.locator('#warnings').textContent()).toContain('lazy took 0.23 ns per call')
    await page.close()
  })

  it('renders hostile variant names, descriptions and scenario ids as text', async () => {
    for (const file of [files.run, files.hostileId]) {
      const { page, consoleErrors } = await visit(file)
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
      expect(await page.locator('main img, main script, main b').count()).toBe(0)
      expect(consoleErrors).toEqual([])
      await page.close()
    }
    const { page } = await visit(files.run)
    expect(await page.locator('table.variants').getByText(HOSTILE_VARIANT, { exact: false }).count()).toBeGreaterThan(0)
    expect(await page.locator('p.description').allTextContents()).toContain(
      'Extract </script><script>window.pwned=2</script> & <b>bold</b> entries',
    )
    const hostileTitle = await visit(files.hostileId)
    expect(await hostileTitle.page.title()).toBe('<script>window.pwned=3</script>/x ✓')
    await hostileTitle.page.close()
    await page.close()
  })

  it('draws a comparison report with both environments and every chart', async () => {
    const { page, consoleErrors, requests } = await visit(files.compare)
    expect(consoleErrors).toEqual([])
    expect(requests).toHaveLength(1)
    expect(await undrawnCharts(page)).toEqual([])
    expect(await page.locator('table.environment thead th').allTextContents()).toEqual(['field', 'base: main', 'head: head'])
    expect(await page.locator('tr.env-differs').count()).toBeGreaterThan(2)
    await page.screenshot({ path: path.join(screenshots, 'compare-report.png') })
    await page.close()
  })
})
