import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread running an ES module of this package. Built, the entry is a .js file
 * and runs as is. From the TypeScript sources (the test suite imports them directly) the
 * entry is a .ts file, which Node 20 cannot load in a worker: a `--import` loader given in
 * the worker's execArgv is not applied there. The worker then starts from a small bootstrap
 * that registers tsx's loader inside the thread before importing the entry.
 */
export function startModuleWorker(entry: URL, workerData: unknown): Worker {
  const execArgv = workerExecArgv(process.execArgv)
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, execArgv })
  const loader = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import { register } from ${JSON.stringify(loader)}; register(); await import(${JSON.stringify(entry.href)});`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData, execArgv })
}

/**
 * The process's Node flags minus those that only make sense for the main entry: a worker
 * inherits execArgv, and `--input-type` (from `node --input-type=module -e …`) makes a worker
 * started from a file fail with ERR_INPUT_TYPE_NOT_ALLOWED.
 */
export function workerExecArgv(processExecArgv: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < processExecArgv.length; i++) {
    const arg = processExecArgv[i] as string
    if (arg === '--input-type') i++
    else if (!arg.startsWith('--input-type=')) kept.push(arg)
  }
  return kept
}

/** The sibling module `name` of the calling module, with the calling module's extension (.js built, .ts from sources). */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl)
}
