import { describe, expect, it } from 'vitest'
import { globToRegExp, splitPattern } from './glob-pattern.js'

const matches = (pattern: string, paths: string[]) => paths.filter((p) => globToRegExp(pattern).test(p))

describe('glob patterns', () => {
  it('match scenario files at any depth with ** and alternatives', () => {
    expect(
      matches('**/*.scenario.{ts,mts,js,mjs}', ['a.scenario.ts', 'x/y/b.scenario.mjs', 'c.scenario.tsx', 'd.ts', 'e.scenario.d.ts']),
    ).toEqual(['a.scenario.ts', 'x/y/b.scenario.mjs'])
  })

  it('keep * and ? within one path segment', () => {
    expect(matches('bench/*.ts', ['bench/a.ts', 'bench/x/a.ts', 'benchy/a.ts'])).toEqual(['bench/a.ts'])
    expect(matches('v?.ts', ['v1.ts', 'v12.ts', 'v/.ts'])).toEqual(['v1.ts'])
  })

  it('match a directory and everything below it with a trailing **', () => {
    expect(matches('legacy/**', ['legacy', 'legacy/a.ts', 'legacy/x/y.ts', 'legacy2/a.ts'])).toEqual([
      'legacy',
      'legacy/a.ts',
      'legacy/x/y.ts',
    ])
  })

  it('match ** in the middle as zero or more directories', () => {
    expect(matches('a/**/b.ts', ['a/b.ts', 'a/x/b.ts', 'a/x/y/b.ts', 'ab.ts'])).toEqual(['a/b.ts', 'a/x/b.ts', 'a/x/y/b.ts'])
  })

  it('support character classes, negated ones included, and escape regex characters', () => {
    expect(matches('[ab].ts', ['a.ts', 'c.ts'])).toEqual(['a.ts'])
    expect(matches('[!ab].ts', ['a.ts', 'c.ts'])).toEqual(['c.ts'])
    expect(matches('a+b(1).ts', ['a+b(1).ts', 'aab1.ts'])).toEqual(['a+b(1).ts'])
  })

  it('split a pattern into the directory to search and the rest', () => {
    expect(splitPattern('scenarios/**/*.scenario.ts')).toEqual({ base: 'scenarios', rest: '**/*.scenario.ts' })
    expect(splitPattern('**/*.ts')).toEqual({ base: '', rest: '**/*.ts' })
    expect(splitPattern('bench/x.scenario.ts')).toEqual({ base: 'bench/x.scenario.ts', rest: '' })
    expect(splitPattern('../shared/*.scenario.ts')).toEqual({ base: '../shared', rest: '*.scenario.ts' })
  })
})
