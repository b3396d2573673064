import { existsSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { DynoError, type RefRecord } from '@dyno/core'
import { dirtyPaths, git, resolveCommit, snapshotWorkingTree } from './git-repo.js'

/**
 * What each side of compare-refs is: the ref as named, the commit it resolves to, and what to
 * check out and cache it as. A dirty working tree is HEAD only with --include-dirty; then the
 * working tree's current state is snapshotted as a commit (see snapshotWorkingTree) and the
 * side is marked dirty everywhere it is shown.
 */
export interface RefSide {
  role: 'base' | 'head'
  ref: string
  sha: string
  /** What to check out: `sha`, or the snapshot commit of a dirty working tree. */
  checkout: string
  /** What the build is of (the build cache's key): `sha`, or the snapshot's tree id. */
  sourceId: string
  dirty: boolean
  tree: string | null
}

export interface SideOptions {
  root: string
  baseRef: string
  headRef: string
  includeDirty: boolean
  /** Directories dyno writes into (results, reports): never count as uncommitted changes. */
  outputDirs: readonly string[]
}

export function resolveSides(options: SideOptions): { base: RefSide; head: RefSide } {
  const { root } = options
  const base = resolveCommit(root, options.baseRef)
  const head = resolveCommit(root, options.headRef)
  const checkedOut = git(['rev-parse', 'HEAD'], root)
  const changes = dirtyPaths(root, options.outputDirs)
  const clean = (role: RefSide['role'], ref: string, sha: string): RefSide => ({
    role,
    ref,
    sha,
    checkout: sha,
    sourceId: sha,
    dirty: false,
    tree: null,
  })
  if (options.includeDirty && head !== checkedOut) {
    throw new DynoError(
      'include-dirty-not-head',
      `--include-dirty measures the working tree, which sits on ${checkedOut.slice(0, 12)}, but HEAD '${options.headRef}' is ${head.slice(0, 12)}`,
      {
        hint: 'pass the checked-out commit as HEAD (e.g. `dyno compare-refs origin/main HEAD --include-dirty`), or leave --include-dirty away',
      },
    )
  }
  if (head === checkedOut && changes.length > 0 && !options.includeDirty) {
    const shown = changes.slice(0, 5).join(', ') + (changes.length > 5 ? `, … (${changes.length} in all)` : '')
    throw new DynoError(
      'working-tree-dirty',
      `the working tree has uncommitted changes that HEAD '${options.headRef}' does not include: ${shown}`,
      {
        hint: 'commit or stash them to measure the commit, or pass --include-dirty to measure the working tree as it is (marked dirty in the results)',
      },
    )
  }
  if (options.includeDirty && changes.length > 0) {
    const snapshot = snapshotWorkingTree(root, head, options.outputDirs)
    return {
      base: clean('base', options.baseRef, base),
      head: {
        role: 'head',
        ref: options.headRef,
        sha: head,
        checkout: snapshot.commit,
        sourceId: snapshot.tree,
        dirty: true,
        tree: snapshot.tree,
      },
    }
  }
  return { base: clean('base', options.baseRef, base), head: clean('head', options.headRef, head) }
}

export function refRecord(side: RefSide, dynoVersion: string): RefRecord {
  return { ref: side.ref, sha: side.sha, dirty: side.dirty, ...(side.tree !== null ? { tree: side.tree } : {}), dynoVersion }
}

/** "origin/main (1a2b3c4)", "HEAD (5d6e7f8 + uncommitted changes)". */
export function refLabel(ref: Pick<RefRecord, 'ref' | 'sha' | 'dirty'>): string {
  return `${ref.ref} (${ref.sha.slice(0, 7)}${ref.dirty ? ' + uncommitted changes' : ''})`
}

export interface ProjectLocation {
  /** The npm project to install and build, relative to the repository root ('' = the root). */
  projectPath: string
  /** The user's working directory relative to the repository root: where scenarios are looked for in each build. */
  cwdPath: string
}

/**
 * Which npm project to build: the nearest directory from the working directory up to the
 * repository root that has a package-lock.json (a workspace root installs for all its
 * packages), else the nearest with a package.json.
 */
export function locateProject(root: string, cwd: string): ProjectLocation {
  const realRoot = realpathSync(root)
  const cwdPath = path.relative(realRoot, realpathSync(cwd))
  const ancestors: string[] = []
  for (let dir = cwdPath; ; dir = path.dirname(dir)) {
    const normal = dir === '.' ? '' : dir
    ancestors.push(normal)
    if (normal === '') break
  }
  const withFile = (name: string) => ancestors.find((dir) => existsSync(path.join(realRoot, dir, name)))
  const projectPath = withFile('package-lock.json') ?? withFile('package.json')
  if (projectPath === undefined) {
    throw new DynoError('no-npm-project', `no package.json between ${cwd} and the repository root`, {
      hint: 'run compare-refs inside the npm project whose scenarios you compare',
    })
  }
  return { projectPath: projectPath.split(path.sep).join('/'), cwdPath }
}
