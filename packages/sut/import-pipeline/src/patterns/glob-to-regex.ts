import { type FilePattern, PatternError } from './file-pattern.js'

/**
 * Translates a glob into an anchored regular-expression source:
 * `*` any run of characters except '/', `**` any run including '/', `?` one character except
 * '/', `[abc]` / `[!abc]` a class, `{a,b}` alternatives; everything else literal.
 */
const REGEX_SPECIAL = new Set([...'\\^$.|+()[]{}*?/'])

export function globToRegexSource(glob: string, pattern: FilePattern = { kind: 'glob', pattern: glob }): string {
  let out = '^'
  let braceDepth = 0
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // '**/' also matches zero directories: "a/**/b" matches "a/b".
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?'
          i += 2
        } else {
          out += '.*'
          i += 1
        }
      } else {
        out += '[^/]*'
      }
    } else if (c === '?') {
      out += '[^/]'
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) throw new PatternError(pattern, `unclosed '[' at position ${i}`)
      let body = glob.slice(i + 1, end)
      const negated = body.startsWith('!') || body.startsWith('^')
      if (negated) body = body.slice(1)
      out += `[${negated ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`
      i = end
    } else if (c === '{') {
      braceDepth++
      out += '(?:'
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--
      out += ')'
    } else if (c === ',' && braceDepth > 0) {
      out += '|'
    } else if (c === '\\' && i + 1 < glob.length) {
      const next = glob[++i] as string
      out += REGEX_SPECIAL.has(next) ? `\\${next}` : next
    } else {
      out += REGEX_SPECIAL.has(c) ? `\\${c}` : c
    }
  }
  if (braceDepth > 0) throw new PatternError(pattern, "unclosed '{'")
  return `${out}$`
}

/** Builds the RegExp for one pattern; throws PatternError with the reason when it is malformed. */
export function compilePattern(pattern: FilePattern): RegExp {
  try {
    if (pattern.kind === 'glob') return new RegExp(globToRegexSource(pattern.pattern, pattern))
    const flags = pattern.flags ?? ''
    // 'g' and 'y' make RegExp#test stateful (lastIndex), so the same name could match once
    // and fail the next time.
    if (/[gy]/.test(flags)) throw new PatternError(pattern, "flags 'g' and 'y' are not allowed: they make matching stateful")
    return new RegExp(pattern.pattern, flags)
  } catch (error) {
    if (error instanceof PatternError) throw error
    throw new PatternError(pattern, error instanceof Error ? error.message : String(error))
  }
}
