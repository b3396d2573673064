import { readFile, writeFile } from 'node:fs/promises'

/**
 * Adds `"bench": "dyno run"` to package.json, keeping the file's indentation and its final
 * newline so the diff is one line. An existing script of that name is the user's and is only
 * replaced with --force.
 */
export type ScriptOutcome = 'added' | 'present' | 'kept' | 'replaced'

export async function addNpmScript(file: string, name: string, command: string, force: boolean): Promise<ScriptOutcome> {
  const text = await readFile(file, 'utf8')
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> }
  const current = pkg.scripts?.[name]
  if (current === command) return 'present'
  if (current !== undefined && !force) return 'kept'
  pkg.scripts = { ...pkg.scripts, [name]: command }
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  '
  await writeFile(file, `${JSON.stringify(pkg, null, indent)}${text.endsWith('\n') ? '\n' : ''}`)
  return current === undefined ? 'added' : 'replaced'
}
