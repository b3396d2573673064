import { describe, expect, it } from 'vitest'
import { CompiledPatternSet } from './compiled-pattern-set.js'
import { PatternError, type PatternSet } from './file-pattern.js'
import { compilePattern } from './glob-to-regex.js'
import { filterNamesPerCall } from './per-call-pattern-filter.js'

const glob = (pattern: string) => compilePattern({ kind: 'glob', pattern })

describe('glob patterns', () => {
  it('match within one path segment with * and ?', () => {
    expect(glob('*.sql.zip').test('dump.sql.zip')).toBe(true)
    expect(glob('*.sql.zip').test('dir/dump.sql.zip')).toBe(false)
    expect(glob('dump_????.zip').test('dump_2026.zip')).toBe(true)
    expect(glob('dump_????.zip').test('dump_26.zip')).toBe(false)
  })

  it('cross directories with **, including zero directories', () => {
    expect(glob('exports/**/*.sql').test('exports/2026/11/a.sql')).toBe(true)
    expect(glob('exports/**/*.sql').test('exports/a.sql')).toBe(true)
    expect(glob('**/archive/**').test('x/archive/y.zip')).toBe(true)
  })

  it('support classes, negated classes and alternatives', () => {
    expect(glob('part[0-9].zip').test('part7.zip')).toBe(true)
    expect(glob('part[!0-9].zip').test('part7.zip')).toBe(false)
    expect(glob('*.{zip,sql}').test('a.sql')).toBe(true)
    expect(glob('*.{zip,sql}').test('a.csv')).toBe(false)
  })

  it('treat regex metacharacters literally', () => {
    expect(glob('a+b(1).zip').test('a+b(1).zip')).toBe(true)
    expect(glob('a.zip').test('abzip')).toBe(false)
  })

  it('reject malformed patterns with the reason', () => {
    expect(() => glob('part[0-9.zip')).toThrow(PatternError)
    expect(() => glob('*.{zip,sql')).toThrow(/unclosed '\{'/)
    expect(() => compilePattern({ kind: 'regex', pattern: '(' })).toThrow(/invalid regex pattern/)
    expect(() => compilePattern({ kind: 'regex', pattern: 'a', flags: 'g' })).toThrow(/stateful/)
  })
})

describe('filtering a listing', () => {
  const patterns: PatternSet = {
    include: [
      { kind: 'glob', pattern: '*.sql.zip' },
      { kind: 'regex', pattern: '^somatogramm_\\d{8}\\.(zip|sql)$' },
      { kind: 'regex', pattern: '^KADER_', flags: 'i' },
    ],
    exclude: [{ kind: 'glob', pattern: '*.partial*' }],
  }
  const names = ['a.sql.zip', 'a.sql.zip.partial', 'somatogramm_20261123.zip', 'somatogramm_2026.zip', 'kader_x.csv', 'readme.txt']

  it('selects names that match an include and no exclude, the same way before and after', () => {
    const expected = ['a.sql.zip', 'somatogramm_20261123.zip', 'kader_x.csv']
    expect(filterNamesPerCall(names, patterns)).toEqual(expected)
    expect(new CompiledPatternSet(patterns).filter(names)).toEqual(expected)
  })

  it('selects everything not excluded when there are no includes', () => {
    const set = { include: [], exclude: [{ kind: 'glob', pattern: '*.txt' }] } satisfies PatternSet
    expect(new CompiledPatternSet(set).filter(names)).toEqual(names.filter((n) => !n.endsWith('.txt')))
    expect(filterNamesPerCall(names, set)).toEqual(names.filter((n) => !n.endsWith('.txt')))
  })
})
