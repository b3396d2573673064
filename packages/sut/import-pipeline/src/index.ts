export { CompiledPatternSet } from './patterns/compiled-pattern-set.js'
export { type FilePattern, PatternError, type PatternSet } from './patterns/file-pattern.js'
export { compilePattern, globToRegexSource } from './patterns/glob-to-regex.js'
export { filterNamesPerCall, matchesPerCall } from './patterns/per-call-pattern-filter.js'
