import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/**
 * How busy the rest of the machine was while dyno measured: the machine's busy CPU time from
 * /proc/stat minus this process's own (and its reaped children's) from /proc/self/stat, as
 * an average number of cores. On a shared 2-core host another process's burst moves medians
 * by ±20%; this figure lets a reader see when that happened. Linux only; null elsewhere.
 */
interface CpuSnapshot {
  machineBusyTicks: number
  ownTicks: number
  atMs: number
}

const TICKS_PER_SECOND = 100 // USER_HZ, 100 on every mainstream Linux build

function snapshot(): CpuSnapshot | null {
  try {
    const stat = readFileSync('/proc/stat', 'utf8')
    const cpuLine = stat.split('\n', 1)[0] ?? ''
    const fields = cpuLine.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal …; busy = all but idle and iowait.
    const busy = fields.reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0)
    const self = readFileSync('/proc/self/stat', 'utf8')
    const afterName = self.slice(self.lastIndexOf(')') + 2).split(' ')
    // Fields 14–17 of /proc/<pid>/stat (utime stime cutime cstime) are 12–15 after the name.
    const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(afterName[i] ?? 0), 0)
    return { machineBusyTicks: busy, ownTicks: own, atMs: Date.now() }
  } catch {
    return null
  }
}

export class BackgroundCpuMonitor {
  private readonly start = snapshot()

  /** Average cores used by other processes since construction, or null if unknown. */
  read(): number | null {
    const end = snapshot()
    if (this.start === null || end === null) return null
    const seconds = (end.atMs - this.start.atMs) / 1000
    if (seconds <= 0.05) return null
    const others = end.machineBusyTicks - this.start.machineBusyTicks - (end.ownTicks - this.start.ownTicks)
    const cores = Math.max(0, others / TICKS_PER_SECOND / seconds)
    return Math.min(cores, cpus().length)
  }
}
