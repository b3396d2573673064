import { readFileSync } from 'node:fs'

/**
 * A pid alone is not an identity: once a server exits, the kernel may hand its pid to an
 * unrelated process, and a late "kill the server" would hit that one. The start time in
 * /proc/<pid>/stat (field 22, clock ticks since boot) pins the pid to one process. Off Linux
 * there is no /proc and the check degrades to the pid alone.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may contain spaces; count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null
  } catch {
    return null
  }
}

/** True while the process runs (a zombie, waiting to be reaped, counts as gone). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return true
  }
}
