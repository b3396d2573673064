/**
 * `npm run bench:http` — is dyno's HTTP load generator fast enough not to be the bottleneck?
 *
 * Starts the reference server of http/hello (@sut/http-reference, prebuilt body) once, in its
 * own process, and puts the same closed-loop load on it with three generators in turn: wrk (C,
 * the usual yardstick), dyno's own generator (the code the http-load runner uses), and
 * autocannon 9 (the Node tool the issue names). Every tool gets the same connections, the
 * same duration and the same server; their order rotates each repetition so drift of a shared
 * machine is spread over all three. Like dyno's own verdicts, the comparison is paired: the
 * headline is the median over repetitions of dyno/wrk measured back to back, which a busy
 * neighbour moves far less than a ratio of medians taken minutes apart.
 * Target: dyno ≥ 80% of wrk.
 *
 * This is a benchmark, not a test: it prints, takes about a minute and its figures depend on
 * the machine. Options: --connections 32 --duration 5 --repeat 5 --threads 1 --json FILE
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { applyLoad, closedModel, httpLoad, ServerProcess } from '@dyno/core'
import autocannon from 'autocannon'

const run = promisify(execFile)

interface Options {
  connections: number
  durationS: number
  repeat: number
  threads: number
  json: string | null
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { connections: 32, durationS: 5, repeat: 5, threads: 1, json: null }
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1]
    if (value === undefined) throw new Error(`${argv[i]} needs a value`)
    if (argv[i] === '--connections') options.connections = Number(value)
    else if (argv[i] === '--duration') options.durationS = Number(value)
    else if (argv[i] === '--repeat') options.repeat = Number(value)
    else if (argv[i] === '--threads') options.threads = Number(value)
    else if (argv[i] === '--json') options.json = value
    else throw new Error(`unknown option ${argv[i]}`)
  }
  return options
}

type Tool = 'wrk' | 'dyno' | 'autocannon'

function command(tool: Tool, options: Options, url: string): string {
  if (tool === 'wrk') return `wrk -t${options.threads} -c${options.connections} -d${options.durationS}s ${url}`
  if (tool === 'autocannon') return `autocannon({ url: '${url}', connections: ${options.connections}, duration: ${options.durationS} })`
  return `applyLoad({ spec: httpLoad({ load: closedModel({ connections: ${options.connections}, durationMs: ${options.durationS * 1000} }), routes: [{ name: 'hello', path: '/' }], warmupMs: 0 }) })`
}

async function measure(tool: Tool, options: Options, port: number): Promise<number> {
  const url = `http://127.0.0.1:${port}/`
  if (tool === 'wrk') {
    const { stdout } = await run('wrk', [`-t${options.threads}`, `-c${options.connections}`, `-d${options.durationS}s`, url])
    const match = /Requests\/sec:\s+([0-9.]+)/.exec(stdout)
    if (match?.[1] === undefined) throw new Error(`cannot read wrk's output:\n${stdout}`)
    return Number(match[1])
  }
  if (tool === 'autocannon') {
    const result = await autocannon({ url, connections: options.connections, duration: options.durationS })
    return result.requests.total / result.duration
  }
  const applied = await applyLoad({
    port,
    seed: 1,
    quick: false,
    spec: httpLoad({
      load: closedModel({ connections: options.connections, durationMs: options.durationS * 1000 }),
      routes: [{ name: 'hello', path: '/' }],
      warmupMs: 0,
    }),
  })
  return applied.recorded.ok / (applied.recorded.durationMs / 1000)
}

/**
 * CPU seconds a process has used (Linux /proc/<pid>/stat, utime + stime in clock ticks of
 * 1/100 s). The server's share of a core during each run tells who set the pace: near 100%,
 * the server was saturated and the generator kept up; well below, the generator (or a
 * neighbour on the machine) was the limit.
 */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  try {
    await run('wrk', ['--version']).catch((error: { stdout?: string }) => {
      // wrk --version prints its version and exits 1.
      if (!error.stdout?.includes('wrk')) throw error
    })
  } catch {
    process.stderr.write('bench:http needs wrk on the PATH (Debian: apt-get install wrk)\n')
    process.exit(3)
  }
  const loadBefore = os.loadavg()
  const server = await ServerProcess.start({
    module: import.meta.resolve('@sut/http-reference'),
    export: 'createHelloServer',
    options: { body: 'prebuilt' },
  })
  const url = `http://127.0.0.1:${server.listeningPort}/`
  const tools: Tool[] = ['wrk', 'dyno', 'autocannon']
  const rates: Record<Tool, number[]> = { wrk: [], dyno: [], autocannon: [] }
  const serverCores: Record<Tool, (number | null)[]> = { wrk: [], dyno: [], autocannon: [] }
  try {
    process.stdout.write(`server: @sut/http-reference (prebuilt body), pid ${server.pid}, ${url}\n`)
    process.stdout.write(
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`,
    )
    // Warm the server's JIT before anything is measured.
    await measure('dyno', { ...options, durationS: 2 }, server.listeningPort)
    for (let r = 0; r < options.repeat; r++) {
      const order = tools.map((_, i) => tools[(i + r) % tools.length] as Tool)
      for (const tool of order) {
        const cpuBefore = cpuSeconds(server.pid)
        const started = performance.now()
        const rate = await measure(tool, options, server.listeningPort)
        const cpuAfter = cpuSeconds(server.pid)
        const serverCore = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / ((performance.now() - started) / 1000)
        rates[tool].push(rate)
        serverCores[tool].push(serverCore)
        const core = serverCore === null ? '' : `   server busy ${(serverCore * 100).toFixed(0)}% of a core`
        process.stdout.write(`  repetition ${r + 1}/${options.repeat}  ${tool.padEnd(10)} ${rate.toFixed(0).padStart(8)} req/s${core}\n`)
      }
    }
  } finally {
    await server.stop()
  }
  const summary = Object.fromEntries(tools.map((tool) => [tool, median(rates[tool])])) as Record<Tool, number>
  process.stdout.write(`\nmedian of ${options.repeat} × ${options.durationS} s, ${options.connections} connections, same server process:\n`)
  for (const tool of tools) {
    process.stdout.write(`  ${tool.padEnd(10)} ${summary[tool].toFixed(0).padStart(8)} req/s   ${command(tool, options, url)}\n`)
  }
  const pairedRatios = rates.dyno.map((rate, i) => rate / (rates.wrk[i] as number))
  const ratio = median(pairedRatios)
  const autocannonRatio = median(rates.dyno.map((rate, i) => rate / (rates.autocannon[i] as number)))
  const verdict = ratio >= 0.8 ? 'met' : 'NOT met'
  process.stdout.write(
    `dyno / wrk, paired by repetition: ${pairedRatios.map((r) => r.toFixed(2)).join(' ')} → median ${ratio.toFixed(2)} (target ≥ 0.80: ${verdict})\n`,
  )
  process.stdout.write(`dyno / autocannon, paired: median ${autocannonRatio.toFixed(2)}\n`)
  process.stdout.write(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  if (options.json !== null) {
    await writeFile(
      options.json,
      `${JSON.stringify({ options, rates, serverCores, summary, pairedRatios, ratio, autocannonRatio, loadBefore, loadAfter: os.loadavg() }, null, 2)}\n`,
    )
  }
}

await main()
