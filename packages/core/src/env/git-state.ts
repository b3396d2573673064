import { execFileSync } from 'node:child_process'
import type { GitState } from './fingerprint.js'

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim()
  } catch {
    return null
  }
}

/** The commit the code under test came from; null outside a git checkout. */
export function readGitState(cwd: string): GitState | null {
  const sha = git(['rev-parse', 'HEAD'], cwd)
  if (sha === null) return null
  const branch = git(['symbolic-ref', '--short', '-q', 'HEAD'], cwd)
  // Untracked files count: an untracked scenario or source file changes what ran.
  const status = git(['status', '--porcelain', '--untracked-files=normal'], cwd)
  return { sha, branch: branch === '' ? null : branch, dirty: status !== null && status !== '' }
}
