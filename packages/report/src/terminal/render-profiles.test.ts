import { describe, expect, it } from 'vitest'
import { fixtureProfile, withProfile } from '../../test-fixtures/fixture-profile.js'
import { fixtureRun } from '../../test-fixtures/fixture-results.js'
import { renderProfiles } from './render-profiles.js'

describe('renderProfiles', () => {
  it('says nothing for a run without profiles', () => {
    expect(renderProfiles(fixtureRun().results, { color: false })).toBe('')
  })

  it('leads the differential view with the function the head added, leaves out rows within sampling noise, and shows GC beside the profile', () => {
    const [first, ...rest] = fixtureRun().results
    if (first === undefined) throw new Error('empty fixture')
    const profiled = withProfile(first)
    const text = renderProfiles([profiled, ...rest], {
      color: false,
      flameGraph: (result, label) => (result === profiled ? `reports/x/profiles/${label}.html` : null),
    })
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^Profiles \(where the time went; measured apart from the verdict's rounds\)/)
    expect(text).toContain(`${profiled.scenario.id} — profiled automatically, because`)
    expect(text).toContain('not used for any verdict')
    const header = lines.findIndex((l) => /^\s+function\s+where/.test(l))
    expect(lines[header + 1]).toMatch(/^\s+distinctiveHotFunction\s+src\/work\.ts:20\s+0\.0%\s+45\.0%\s+\+45\.0 pp$/)
    expect(text).not.toContain('tinyNoise')
    expect(text).toMatch(/…less time in[\s\S]*sharedWork\s+src\/work\.ts:5\s+90\.0%\s+50\.0%\s+−40\.0 pp/)
    expect(text).toMatch(/GC 1\.5 ms in 3 pauses, event loop 99% busy, ran 2\.2% slower under the profiler \(5 rounds\)/)
    expect(text).toContain('flame graph: reports/x/profiles/')
  })
})

describe('renderProfiles for compare-refs', () => {
  it('shows beside each build’s profile the measured figures of that build, never HEAD’s under BASE’s name', () => {
    const run = fixtureRun().results.find((r) => r.variants.some((v) => v.summaries.gcPauseMs !== undefined))
    if (run === undefined) throw new Error('the fixture has no scenario with measured GC figures')
    const variant = run.variants[0]?.name as string
    const withGc = (result: typeof run, gcPauseMs: number) => ({
      ...result,
      variants: result.variants.map((v) => ({
        ...v,
        summaries: {
          ...v.summaries,
          gcPauseMs: { ...(v.summaries.gcPauseMs as NonNullable<typeof v.summaries.gcPauseMs>), median: gcPauseMs },
        },
      })),
    })
    const record = fixtureProfile(`base:${variant}`, `head:${variant}`)
    record.variants = record.variants.map((v) => ({ ...v, variant }))
    const head = { ...withGc(run, 222), profile: record }
    const base = withGc(run, 111)
    const lines = renderProfiles([head], { color: false, baseResults: [base] }).split('\n')
    expect(lines.find((l) => l.trim().startsWith(`base:${variant}:`))).toContain('measured rounds: GC 111 ms')
    expect(lines.find((l) => l.trim().startsWith(`head:${variant}:`))).toContain('measured rounds: GC 222 ms')
    // Without BASE's result at hand, BASE's profile shows no measured figures rather than HEAD's.
    const alone = renderProfiles([head], { color: false }).split('\n')
    expect(alone.find((l) => l.trim().startsWith(`base:${variant}:`))).not.toContain('measured rounds')
  })
})
