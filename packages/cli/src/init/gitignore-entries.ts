import { readFile, writeFile } from 'node:fs/promises'

/**
 * Makes git ignore dyno's outputs, appending only the lines that are missing, so running
 * `dyno init` twice changes nothing. Named baselines stay committable: they are small, and
 * comparing against `main` in CI needs them in the repository.
 */
export const GITIGNORE_LINES = ['/results/*', '!/results/baselines/', '/reports/'] as const
const HEADER = '# dyno: measurements and generated reports (named baselines in results/baselines/ may be committed)'

export async function addGitignoreEntries(file: string): Promise<{ added: string[]; created: boolean }> {
  const existing = await readFile(file, 'utf8').catch(() => null)
  const present = new Set((existing ?? '').split(/\r?\n/).map((l) => l.trim()))
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line))
  if (missing.length === 0) return { added: [], created: false }
  const separator = existing === null || existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n'
  await writeFile(file, `${existing ?? ''}${separator}${HEADER}\n${missing.join('\n')}\n`)
  return { added: missing, created: existing === null }
}
