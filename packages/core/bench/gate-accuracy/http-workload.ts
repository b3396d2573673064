import { type ChildProcess, fork } from 'node:child_process'
import http from 'node:http'
import { stats } from '../../src/index.js'
import type { Workload } from './workload.js'

/**
 * A keep-alive HTTP request to a local server in another process, whose handler does the
 * injected work: loopback latency, two event loops and the scheduler all add their noise.
 * The round trip itself costs more than the handler's work, so a change is injected as extra
 * handler iterations worth that fraction of the whole request's time, measured at start.
 */
export function httpWorkload(): Workload {
  const baseWork = 200_000
  let child: ChildProcess | null = null
  let port = 0
  /** Extra handler iterations per 1.0 of relative change in the whole request's latency. */
  let iterationsPerUnitChange = baseWork
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const get = (work: number) =>
    new Promise<number>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, path: `/?work=${work}`, agent }, (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        response.on('end', () => resolve(body.length))
      })
      request.on('error', reject)
    })
  return {
    name: 'http',
    description: `keep-alive GET to a loopback server doing ${baseWork.toLocaleString('en')} iterations per request`,
    roundMs: 60,
    start: async () => {
      const started = fork(new URL('./http-workload-server.mjs', import.meta.url), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      child = started
      port = await new Promise<number>((resolve, reject) => {
        started.once('message', (message: { port: number }) => resolve(message.port))
        started.once('error', reject)
        started.once('exit', (code) => reject(new Error(`the HTTP workload server exited with code ${code}`)))
      })
      // Interleave the two measurements after a long warm-up, so JIT and socket warm-up (the
      // first few hundred requests run 2–3× slower) do not bend the calibration.
      const empty: number[] = []
      const full: number[] = []
      for (let i = 0; i < 1400; i++) {
        const work = i % 2 === 0 ? 0 : baseWork
        const t0 = performance.now()
        await get(work)
        if (i >= 600) (work === 0 ? empty : full).push(performance.now() - t0)
      }
      const emptyMs = stats.median(empty)
      const fullMs = stats.median(full)
      if (fullMs - emptyMs < 0.3 * fullMs) {
        throw new Error(
          `HTTP workload calibration failed: the handler's work (${(fullMs - emptyMs).toFixed(3)} ms) is too small a part of the request (${fullMs.toFixed(3)} ms)`,
        )
      }
      iterationsPerUnitChange = fullMs / ((fullMs - emptyMs) / baseWork)
    },
    stop: async () => {
      agent.destroy()
      child?.kill()
      child = null
    },
    operation: (change) => {
      const work = Math.round(baseWork + change * iterationsPerUnitChange)
      return () => get(work)
    },
  }
}
