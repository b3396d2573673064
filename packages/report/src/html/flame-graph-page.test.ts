import type { FlameNode } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { HOSTILE_FUNCTION } from '../../test-fixtures/fixture-profile.js'
import { renderFlameGraphPage } from './flame-graph-page.js'
import { frameKind } from './flame-graph-svg.js'

const leaf = (name: string, location: string, self: number): FlameNode => ({ name, location, line: 3, self, total: self, children: [] })

function tree(): FlameNode {
  const hot = leaf('distinctiveHotFunction', 'src/work.ts', 600)
  const hostile = leaf(HOSTILE_FUNCTION, 'src/<b>x</b>.ts', 300)
  const tiny = leaf('tooNarrowToDraw', 'src/work.ts', 0.01)
  const main: FlameNode = { name: 'main', location: 'src/main.ts', line: 1, self: 100, total: 1000.01, children: [hot, hostile, tiny] }
  return { name: 'all', location: '', line: null, self: 0, total: 1000.01, children: [main] }
}

describe('renderFlameGraphPage', () => {
  const page = renderFlameGraphPage({
    title: 'fixture/x · after: CPU flame graph',
    subtitle: 'run 1',
    tree: tree(),
    unit: 'us',
    figures: [{ label: 'garbage collection per round (median, profiled)', value: '1.5 ms in 3 pauses' }],
    topFunctions: [{ functionName: HOSTILE_FUNCTION, url: 'src/x.ts', line: 3, selfSamples: 3, selfMs: 0.3, share: 0.3 }],
    links: [{ label: '← the report', href: '../../index.html' }],
  })

  it('draws a box per function wide enough to see, with its figures on hover', () => {
    expect(page.match(/<rect /g)?.length).toBe(4 + 5)
    expect(page).toContain('<title>distinctiveHotFunction — src/work.ts:3\ntotal 600 µs (60.0%), self 600 µs (60.0%)</title>')
    expect(page).not.toContain('tooNarrowToDraw')
    expect(page).toContain('1.5 ms in 3 pauses')
  })

  it('allows no script at all and keeps hostile names as text', () => {
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; img-src 'none'/)
    expect(page).not.toContain('<script')
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;img src=x onerror=&quot;window.pwned=3&quot;&gt;')
  })

  it('colours frames by the kind of code they are', () => {
    expect(frameKind({ name: 'f', location: 'src/a.ts' })).toBe('own')
    expect(frameKind({ name: 'f', location: 'node_modules/x/a.js' })).toBe('dependency')
    expect(frameKind({ name: 'readFile', location: 'node:fs' })).toBe('node')
    expect(frameKind({ name: '(garbage collector)', location: '' })).toBe('gc')
    expect(frameKind({ name: '(program)', location: '' })).toBe('v8')
  })
})
