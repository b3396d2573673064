import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DynoError } from '@dyno/core'

/**
 * The git operations compare-refs needs, each a plain `git` command whose failure becomes a
 * DynoError that says what was being done. Nothing here changes the user's working tree,
 * index or refs: the dirty snapshot goes through a temporary index, and worktrees are
 * registered only while a build is being made.
 */
export interface GitOptions {
  env?: NodeJS.ProcessEnv
  /** Failures are the environment's fault (exit 3) rather than the user's input (exit 2). */
  exitKind?: 'usage' | 'environment'
}

export function git(args: readonly string[], cwd: string, options: GitOptions = {}): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0' },
      maxBuffer: 64 * 1024 * 1024,
      // Only the end: `git status --porcelain` lines start with a meaningful space.
    }).trimEnd()
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim()
    const missing = (error as { code?: unknown }).code === 'ENOENT'
    throw new DynoError(
      missing ? 'git-missing' : 'git-failed',
      missing ? 'git is not installed or not on PATH' : `git ${args.join(' ')} failed: ${stderr.split('\n')[0] || String(error)}`,
      { exitKind: missing ? 'environment' : (options.exitKind ?? 'environment'), hint: missing ? 'install git' : undefined, cause: error },
    )
  }
}

/** The repository's top-level directory, or a usage error outside a repository. */
export function repoRoot(cwd: string): string {
  try {
    return git(['rev-parse', '--show-toplevel'], cwd)
  } catch (error) {
    if (error instanceof DynoError && error.code === 'git-missing') throw error
    throw new DynoError('not-a-git-repository', `${cwd} is not inside a git repository`, {
      hint: 'run dyno compare-refs from the checkout of the project whose commits you compare',
    })
  }
}

/** The full commit id a ref names (a branch, tag, remote branch, sha or expression like HEAD~1). */
export function resolveCommit(root: string, ref: string): string {
  let sha = ''
  try {
    sha = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root)
  } catch {
    sha = ''
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
    throw new DynoError('unknown-ref', `'${ref}' does not name a commit in ${root}`, {
      hint: ref.includes('/')
        ? `fetch it first (e.g. \`git fetch ${ref.split('/')[0]}\`); in CI, check out with full history (actions/checkout with fetch-depth: 0)`
        : 'use a branch, tag or commit id; `git log --oneline --all` shows what exists',
    })
  }
  return sha
}

/**
 * Uncommitted changes, ignoring the directories dyno itself writes into (results, reports),
 * so that running dyno does not make the tree dirty for the next run.
 */
export function dirtyPaths(root: string, ignore: readonly string[]): string[] {
  const excludes = ignore.flatMap((dir) => {
    const relative = path.relative(root, dir)
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? [] : [`:(exclude)${relative}`]
  })
  const status = git(['status', '--porcelain', '--untracked-files=normal', '--', '.', ...excludes], root)
  return status === '' ? [] : status.split('\n').map((line) => line.slice(3))
}

export interface WorkingTreeSnapshot {
  /** git's id of the tree as it is on disk (tracked and untracked files, .gitignore respected). */
  tree: string
  /** A commit of that tree on top of HEAD, never referenced by any branch: what gets checked out. */
  commit: string
}

/**
 * The working tree as it is now, as a commit, without touching the user's index or refs: the
 * files go through a temporary index. The commit's author, committer and dates are fixed, so
 * the same changes on the same HEAD always give the same commit (and hit the build cache).
 */
export function snapshotWorkingTree(root: string, headSha: string, ignore: readonly string[]): WorkingTreeSnapshot {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'dyno-index-'))
  try {
    const indexFile = path.join(temp, 'index')
    const current = path.resolve(root, git(['rev-parse', '--git-path', 'index'], root))
    if (existsSync(current)) copyFileSync(current, indexFile)
    const env = { GIT_INDEX_FILE: indexFile }
    git(['add', '--all'], root, { env })
    // dyno's own output directories never belong to the measured code. (An exclude pathspec
    // on `git add` fails when the directory is also .gitignored, so drop them afterwards.)
    for (const dir of ignore) {
      const relative = path.relative(root, dir)
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue
      git(['rm', '-r', '--cached', '--quiet', '--ignore-unmatch', '--', relative], root, { env })
    }
    const tree = git(['write-tree'], root, { env })
    const fixed = {
      GIT_AUTHOR_NAME: 'dyno',
      GIT_AUTHOR_EMAIL: 'dyno@localhost',
      GIT_AUTHOR_DATE: '1970-01-01T00:00:00Z',
      GIT_COMMITTER_NAME: 'dyno',
      GIT_COMMITTER_EMAIL: 'dyno@localhost',
      GIT_COMMITTER_DATE: '1970-01-01T00:00:00Z',
    }
    const commit = git(['commit-tree', tree, '-p', headSha, '-m', `dyno: uncommitted changes on ${headSha}`], root, { env: fixed })
    return { tree, commit }
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

/** Whether a path exists in a commit (e.g. the project's package-lock.json). */
export function fileInCommit(root: string, commit: string, file: string): string | null {
  try {
    return execFileSync('git', ['show', `${commit}:${file}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    })
  } catch {
    return null
  }
}

export function addWorktree(root: string, dir: string, commit: string): void {
  git(['worktree', 'add', '--detach', '--quiet', dir, commit], root)
}

/**
 * Unregisters a worktree but keeps its files (the build lives there): its `.git` link goes,
 * and `git worktree prune` drops the registration whose link is gone. The user's
 * `git worktree list` is as it was before.
 */
export function unregisterWorktree(root: string, dir: string): void {
  rmSync(path.join(dir, '.git'), { force: true })
  pruneWorktrees(root)
}

/**
 * Drops registrations of worktrees whose directory or link is gone. That includes any the
 * user deleted by hand, which is what `git worktree prune` is for; it never touches files.
 */
export function pruneWorktrees(root: string): void {
  git(['worktree', 'prune'], root)
}
