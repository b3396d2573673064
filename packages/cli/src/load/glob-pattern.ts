/**
 * Glob patterns as config files and `--scenarios` write them: `**` (any number of
 * directories), `*` and `?` (within one path segment), `{a,b}` (alternatives) and `[abc]`
 * (a character class). Matched against `/`-separated paths relative to the pattern's base.
 * Node 20 has no fs.glob, and a dozen lines here beat a dependency for the one place it is used.
 */
const GLOB_CHARS = /[*?[{]/

export function isGlob(text: string): boolean {
  return GLOB_CHARS.test(text)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&')
}

function segmentSource(segment: string): string {
  let out = ''
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string
    if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2)
      if (end === -1) {
        out += '\\['
        continue
      }
      const body = segment
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')
      out += `[${body}]`
      i = end
    } else if (c === '{') {
      const end = segment.indexOf('}', i)
      if (end === -1) {
        out += '\\{'
        continue
      }
      out += `(?:${segment
        .slice(i + 1, end)
        .split(',')
        .map(segmentSource)
        .join('|')})`
      i = end
    } else out += escapeRegExp(c)
  }
  return out
}

export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split('/').filter((s, i, all) => s !== '' || i === all.length - 1)
  let source = '^'
  let needSeparator = false
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    if (segment === '**') {
      // `a/**` matches a itself and everything below it; `**/x` matches x at any depth.
      if (last) source += needSeparator ? '(?:/.*)?' : '.*'
      else {
        source += needSeparator ? '(?:/[^/]+)*/' : '(?:[^/]+/)*'
        needSeparator = false
      }
      continue
    }
    if (needSeparator) source += '/'
    source += segmentSource(segment)
    needSeparator = true
  }
  return new RegExp(`${source}$`)
}

/**
 * Splits a pattern into the directory it can start searching from (its leading segments
 * without glob characters) and the rest, which is matched below that directory.
 */
export function splitPattern(pattern: string): { base: string; rest: string } {
  const segments = pattern.split('/')
  const firstGlob = segments.findIndex((s) => isGlob(s))
  if (firstGlob === -1) return { base: pattern, rest: '' }
  return { base: segments.slice(0, firstGlob).join('/'), rest: segments.slice(firstGlob).join('/') }
}
