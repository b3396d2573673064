/**
 * Where the CLI writes. Results and tables go to `out` (stdout), progress and errors to `err`
 * (stderr), so `dyno compare --format json > verdicts.json` stays machine-readable.
 */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  /** Colour on stdout / a live progress line on stderr. */
  color: boolean
  interactive: boolean
  cwd: string
  env: NodeJS.ProcessEnv
}

export function processIo(): CliIo {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== ''
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: process.stdout.isTTY === true && !noColor && process.env.TERM !== 'dumb',
    interactive: process.stderr.isTTY === true && process.env.CI === undefined && process.env.TERM !== 'dumb',
    cwd: process.cwd(),
    env: process.env,
  }
}
