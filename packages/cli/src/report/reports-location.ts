import path from 'node:path'

/**
 * Where HTML reports go: reports/<run-id>/index.html under the working directory (git-ignored,
 * always reproducible from results/ with `dyno report`), or under --reports / $DYNO_REPORTS_DIR.
 */
export function reportsRoot(cwd: string, option: string | undefined, env: NodeJS.ProcessEnv, configured?: string): string {
  // An empty variable counts as unset, as it does for most shell-configured tools. After the
  // flag and the variable comes the project's `reportsDir` (absolute), then ./reports.
  return path.resolve(cwd, option ?? (env.DYNO_REPORTS_DIR || configured || 'reports'))
}

export function runReportFile(root: string, runId: string): string {
  return path.join(root, runId, 'index.html')
}

/** A path as the user should see it: relative to where they ran dyno, unless that climbs out. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file)
  return relative === '' || relative.startsWith('..') ? file : relative
}
