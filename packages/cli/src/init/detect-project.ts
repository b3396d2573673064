import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

/**
 * What `dyno init` learns about the project it is run in, to write an example that fits: its
 * name (for scenario ids), whether it uses TypeScript, and its entry module with the function
 * names it exports, so the example can point at the project's own code. Read statically: the
 * project's code is never run by init (importing it could start servers or need a build).
 */
export interface ProjectFacts {
  /** Lower-case kebab, usable as the `<system>` part of a scenario id. */
  systemName: string
  typescript: boolean
  /** The entry module, relative to the project root (posix), or null if none was found. */
  entry: string | null
  /** Names of functions the entry exports, as far as a static read can tell (at most 5). */
  exportedFunctions: string[]
  packageJson: Record<string, unknown>
}

const exists = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  )

/** `my-lib` from `@acme/My_Lib`: scenario ids are `<system>/<name>` in lower-case kebab. */
export function systemNameOf(packageName: unknown): string {
  const bare = typeof packageName === 'string' ? packageName.replace(/^@[^/]+\//, '') : ''
  const kebab = bare
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return kebab === '' ? 'my-project' : kebab
}

/** Candidate entry files, most specific first: exports["."], module, main, then the usual names. */
function entryCandidates(pkg: Record<string, unknown>): string[] {
  const found: string[] = []
  const take = (value: unknown): void => {
    if (typeof value === 'string') found.push(value)
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>
      // Conditions in the order a reader of the source would want them.
      for (const key of ['source', 'import', 'node', 'default', 'require']) if (key in record) take(record[key])
    }
  }
  const exportsField = pkg.exports
  if (typeof exportsField === 'object' && exportsField !== null && '.' in exportsField) take((exportsField as Record<string, unknown>)['.'])
  else take(exportsField)
  take(pkg.module)
  take(pkg.main)
  found.push('src/index.ts', 'src/index.mts', 'src/index.js', 'index.ts', 'index.js', 'index.mjs')
  return found
}

/** A built entry (dist/index.js) that has not been built yet: its source is the better pointer anyway. */
function sourceOf(entry: string): string[] {
  const match = /^(?:\.\/)?(?:dist|build|lib|out)\/(.+)\.(?:c|m)?js$/.exec(entry)
  return match ? [`src/${match[1]}.ts`, `src/${match[1]}.mts`, `src/${match[1]}.js`] : []
}

const EXPORT_PATTERNS = [
  /export\s+(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/g,
  /export\s+(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>/g,
  /export\s+(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?function/g,
  /(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/g,
]

export function exportedFunctionNames(source: string): string[] {
  const names: string[] = []
  for (const pattern of EXPORT_PATTERNS) for (const match of source.matchAll(pattern)) if (match[1]) names.push(match[1])
  return [...new Set(names)].filter((n) => n !== 'default').slice(0, 5)
}

export async function detectProject(root: string, packageJson: Record<string, unknown>): Promise<ProjectFacts> {
  const deps = { ...(packageJson.dependencies as object), ...(packageJson.devDependencies as object) }
  const typescript = (await exists(path.join(root, 'tsconfig.json'))) || 'typescript' in deps
  let entry: string | null = null
  for (const candidate of entryCandidates(packageJson).flatMap((c) => [...sourceOf(c), c])) {
    const normalized = path.posix.normalize(candidate.replace(/^\.\//, ''))
    if (normalized.startsWith('..') || path.isAbsolute(normalized)) continue
    if (await exists(path.join(root, normalized))) {
      entry = normalized
      break
    }
  }
  const exportedFunctions = entry === null ? [] : exportedFunctionNames(await readFile(path.join(root, entry), 'utf8'))
  return { systemName: systemNameOf(packageJson.name), typescript, entry, exportedFunctions, packageJson }
}
