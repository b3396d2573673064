import { DYNO_VERSION, isDynoError } from '@dyno/core'
import { Command, CommanderError, Option } from 'commander'
import { baselineList, baselineSave } from './commands/baseline-command.js'
import { calibrateCommand } from './commands/calibrate-command.js'
import { compareCommand } from './commands/compare-command.js'
import { compareRefsCommand } from './commands/compare-refs-command.js'
import { doctorCommand } from './commands/doctor-command.js'
import { initCommand } from './commands/init-command.js'
import { listCommand } from './commands/list-command.js'
import { mergeCommand } from './commands/merge-command.js'
import { profileCommand } from './commands/profile-command.js'
import { publishCommand } from './commands/publish-command.js'
import { reportCommand } from './commands/report-command.js'
import { roundCommand } from './commands/round-command.js'
import { runCommand } from './commands/run-command.js'
import { EXIT } from './exit-codes.js'
import type { CliIo } from './io.js'
import { addDatabaseOptions } from './options/database-options.js'
import { parseDuration, parsePositiveInteger, parseSeed, parseShardOption, parseThreshold } from './options/parse-options.js'

/**
 * The `dyno` command. Returns the exit code instead of exiting, so tests can call it; bin.ts
 * is the only place that ends the process.
 */
const collect = (value: string, previous: string[] = []) => [...previous, value]
const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'markdown', 'json']).default('table')

function reportError(error: unknown, io: CliIo): number {
  if (isDynoError(error)) {
    const lines = [`dyno: ${error.message}`, ...error.details.map((d) => `  - ${d}`)]
    if (error.hint) lines.push(`  hint: ${error.hint}`)
    if (io.env.DYNO_DEBUG && error.stack) lines.push(error.stack)
    io.err(`${lines.join('\n')}\n`)
    return error.exitKind === 'environment' ? EXIT.environment : EXIT.usage
  }
  const message = error instanceof Error ? error.message : String(error)
  io.err(`dyno: internal error: ${message}\n  hint: this is a bug in dyno; set DYNO_DEBUG=1 for the stack trace and report it\n`)
  if (io.env.DYNO_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`)
  return EXIT.environment
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.pass
  const program = new Command('dyno')
    .description('Benchmark before/after variants of database-backed Node.js code, decide with honest statistics, gate CI.')
    .version(DYNO_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .option('--config <file>', 'project config file (default: the nearest dyno.config.{ts,mts,js,mjs} at or above this directory)')
  // Every command reads the project's config; --config may come before or after the verb.
  const config = (): { config?: string } => {
    const file = program.opts<{ config?: string }>().config
    return file === undefined ? {} : { config: file }
  }

  program
    .command('init')
    .description('set up dyno in this npm project: an example scenario, a config file, .gitignore entries, a bench script')
    .option('--dir <dir>', 'directory for scenario files', 'bench')
    .option('--force', 'replace existing files and the bench script')
    .action(async (options) => {
      exitCode = await initCommand(options, io)
    })

  const list = program
    .command('list')
    .description('list scenarios with their variants and what they need')
    .argument('[ids...]', 'scenario ids, system prefixes or patterns with *')
    .option(
      '--scenarios <path>',
      'scenario file, directory or glob (repeatable; default: dyno.config scenarios, else **/*.scenario.{ts,mts,js,mjs})',
      collect,
    )
    .option('--json', 'machine-readable output')
    .action(async (ids: string[], options) => {
      exitCode = await listCommand(ids, { ...options, ...config() }, io)
    })
  addDatabaseOptions(list)

  const run = program
    .command('run')
    .description('run scenarios, write results/<run-id>/, print variants and verdicts')
    .argument('[ids...]', 'scenario ids, system prefixes or patterns with * (default: all)')
    .option('--quick', 'smoke run: fewer, shorter rounds and small inputs')
    .option('--out <dir>', 'results directory (default: results, or $DYNO_RESULTS_DIR)')
    .option('--threshold <change>', 'smallest change that counts, for metrics whose scenario sets none (default 5%)', parseThreshold)
    .option('--rounds <n>', 'a fixed number of measured rounds (turns adaptive sampling off)', parsePositiveInteger)
    .option('--min-rounds <n>', 'adaptive sampling: rounds before it may stop (default: micro 10, throughput 8)', parsePositiveInteger)
    .option('--max-rounds <n>', 'adaptive sampling: most rounds it runs (default: micro 60, throughput 30)', parsePositiveInteger)
    .option('--time-budget <duration>', 'wall-clock budget per scenario, e.g. 90s or 5m', parseDuration)
    .option('--seed <n>', 'seed for the round order and resampling (default: random, recorded)', parseSeed)
    .option('--strict', 'also fail on inconclusive verdicts and implausible figures')
    .option(
      '--scenarios <path>',
      'scenario file, directory or glob (repeatable; default: dyno.config scenarios, else **/*.scenario.{ts,mts,js,mjs})',
      collect,
    )
    .option('--reports <dir>', 'HTML reports directory (default: reports, or $DYNO_REPORTS_DIR)')
    .option('--report', 'write reports/<run-id>/index.html (the default, unless the config says report: false)')
    .option('--no-report', 'do not write reports/<run-id>/index.html')
    .option('--profile', 'after measuring, profile every variant (CPU profiles, flame graphs, differential view)')
    .option('--no-auto-profile', 'do not profile a scenario automatically when a verdict regressed')
    .option('--heap-profile', 'profiles also sample where memory is allocated')
    .option('--sampling-interval <us>', 'microseconds between CPU profile samples (default 200)', parsePositiveInteger)
    .option('--shard <i/n>', 'run the i-th of n deterministic shares of the scenarios (combine with dyno merge)', parseShardOption)
    .addOption(formatOption())
    .action(async (ids: string[], options) => {
      exitCode = await runCommand(ids, { ...options, ...config() }, io)
    })
  addDatabaseOptions(run)

  // Databases (@dyno/db): what this machine offers and what to do about what it lacks.
  const doctor = program
    .command('doctor')
    .description('show which databases scenarios can get here (URLs, local binaries, Docker, SQLite) and the next step for what is missing')
    .option('--json', 'machine-readable output')
    .action(async (options) => {
      exitCode = await doctorCommand({ ...options, ...config() }, io)
    })
  addDatabaseOptions(doctor, false)

  const profile = program
    .command('profile')
    .description("profile scenarios' variants: CPU profiles, flame graphs, the differential view against the baseline")
    .argument('<ids...>', 'scenario ids, system prefixes or patterns with *')
    .option('--variant <name>', 'profile only this variant (repeatable; default: all)', collect)
    .option('--quick', 'fewer, shorter rounds and small inputs')
    .option('--out <dir>', 'where profiles and flame graphs go (default: results/profiles/<id>)')
    .option('--rounds <n>', 'profiled rounds per variant (default: about 1 s of work each, 3 to 10 throughput jobs)', parsePositiveInteger)
    .option('--heap-profile', 'also sample where memory is allocated')
    .option('--sampling-interval <us>', 'microseconds between CPU profile samples (default 200)', parsePositiveInteger)
    .option('--top <n>', 'functions per differential view (default 10)', parsePositiveInteger)
    .addOption(new Option('--clinic <tool>', 'also run clinic (if installed) on each variant').choices(['doctor', 'flame']))
    .option('--seed <n>', 'seed for the round order', parseSeed)
    .option('--scenarios <path>', 'scenario file or directory (repeatable; default: scenarios/)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (ids: string[], options) => {
      exitCode = await profileCommand(ids, { ...options, ...config() }, io)
    })
  addDatabaseOptions(profile)

  program
    .command('compare')
    .description('compare two result sets (run dirs, result files, run ids, baselines or "latest"); exit 1 on a regression')
    .argument('<base>', 'what HEAD is compared against')
    .argument('<head>', 'the candidate')
    .option('--threshold <change>', 'override every metric threshold recorded in the results, e.g. 5%', parseThreshold)
    .option('--strict', 'also fail on inconclusive verdicts')
    .option('--allow-env-mismatch', 'compare even if CPU, cores, Node major or database versions differ')
    .option('--results <dir>', 'results directory for run ids, baselines and "latest" (default: results)')
    .option('--html <file>', 'also write the comparison as a self-contained HTML report')
    .option('--markdown <file>', 'also write the Markdown summary, e.g. for a pull-request comment')
    .addOption(formatOption())
    .action(async (base: string, head: string, options) => {
      exitCode = await compareCommand(base, head, { ...options, ...config() }, io)
    })

  // compare-refs and its round protocol (issue 10) ------------------------------------------
  program
    .command('compare-refs')
    .description('build two git refs, run the scenarios interleaved across both builds, compare HEAD with BASE; exit 1 on a regression')
    .argument('<base>', 'the ref HEAD is compared against, e.g. origin/main')
    .argument('<head>', 'the candidate ref, e.g. HEAD')
    .argument('[ids...]', 'scenario ids, system prefixes or patterns with * (default: all)')
    .option('--include-dirty', 'measure the working tree with its uncommitted changes as HEAD (marked dirty)')
    .option('--quick', 'smoke run: fewer, shorter rounds and small inputs')
    .option('--rounds <n>', 'a fixed number of measured rounds (turns adaptive sampling off)', parsePositiveInteger)
    .option('--min-rounds <n>', 'adaptive sampling: rounds before it may stop', parsePositiveInteger)
    .option('--max-rounds <n>', 'adaptive sampling: most rounds it runs', parsePositiveInteger)
    .option('--time-budget <duration>', "wall-clock budget per scenario (default: 4× dyno run's)", parseDuration)
    .option('--seed <n>', 'seed for the round order and resampling (default: random, recorded)', parseSeed)
    .option('--threshold <change>', 'smallest change that counts, for metrics whose scenario sets none (default 5%)', parseThreshold)
    .option('--strict', 'also fail on inconclusive verdicts and implausible figures')
    .option('--scenarios <path>', 'scenario file or directory in the repository (repeatable; default: scenarios/)', collect)
    .option('--shard <i/n>', 'run the i-th of n deterministic shares of the scenarios (combine with dyno merge)', parseShardOption)
    .option('--out <dir>', 'results directory (default: results, or $DYNO_RESULTS_DIR)')
    .option('--reports <dir>', 'HTML reports directory (default: reports, or $DYNO_REPORTS_DIR)')
    .option('--no-report', 'do not write reports/<run-id>/index.html')
    .option('--markdown <file>', 'also write the Markdown summary, e.g. for $GITHUB_STEP_SUMMARY')
    .option('--cache-dir <dir>', 'where builds are cached (default: $DYNO_CACHE_DIR, $XDG_CACHE_HOME/dyno or ~/.cache/dyno)')
    .option('--no-cache', 'build both refs afresh in a temporary directory and remove them afterwards')
    .option('--profile', 'after measuring, profile every variant on both builds (flame graphs, differential view BASE→HEAD)')
    .option('--no-auto-profile', 'do not profile a scenario on both builds automatically when a verdict regressed')
    .option('--heap-profile', 'profiles also sample where memory is allocated')
    .option('--sampling-interval <us>', 'microseconds between CPU profile samples (default 200)', parsePositiveInteger)
    .addOption(formatOption())
    .action(async (base: string, head: string, ids: string[], options) => {
      exitCode = await compareRefsCommand(base, head, ids, options, io)
    })
  program
    .command('merge')
    .description('combine the shards of one `run --shard` or `compare-refs --shard` matrix into one run; verdicts across all of them')
    .argument('<dirs...>', 'shard run directories (or their run ids, or directories holding one run each)')
    .option('--out <dir>', 'results directory the merged run is written under (default: results, or $DYNO_RESULTS_DIR)')
    .option('--allow-env-mismatch', 'merge shards measured on machines that differ in CPU, cores, Node major or database versions')
    .option('--strict', 'also fail on inconclusive verdicts and implausible figures')
    .option('--reports <dir>', 'HTML reports directory (default: reports, or $DYNO_REPORTS_DIR)')
    .option('--no-report', 'do not write reports/<run-id>/index.html')
    .option('--markdown <file>', 'also write the Markdown summary, e.g. for $GITHUB_STEP_SUMMARY')
    .addOption(formatOption())
    .action(async (dirs: string[], options) => {
      exitCode = await mergeCommand(dirs, options, io)
    })
  program
    .command('__round', { hidden: true })
    .description('internal: serves the round protocol to dyno compare-refs')
    .action(async () => {
      exitCode = await roundCommand(io)
    })
  // -------------------------------------------------------------------------------------------

  program
  const calibrate = program
    .command('calibrate')
    .description("run each scenario's baseline against itself (A/A) to measure this machine's noise and false-alarm rate")
    .argument('[ids...]', 'scenario ids, system prefixes or patterns with * (default: all runnable)')
    .option('--trials <n>', 'independent A/A sessions per scenario', parsePositiveInteger, 5)
    .option('--quick', 'short sessions (fewer, shorter rounds)')
    .option('--out <dir>', 'results directory; the calibration goes to <dir>/calibration/<machine>.json (default: results)')
    .option('--seed <n>', 'seed of the first trial', parseSeed)
    .option(
      '--scenarios <path>',
      'scenario file, directory or glob (repeatable; default: dyno.config scenarios, else **/*.scenario.{ts,mts,js,mjs})',
      collect,
    )
    .option('--json', 'machine-readable output')
    .action(async (ids: string[], options) => {
      exitCode = await calibrateCommand(ids, { ...options, ...config() }, io)
    })
  addDatabaseOptions(calibrate)

  program
    .command('report')
    .description('re-render the HTML report of runs from their result files (default: latest)')
    .argument('[runs...]', 'run directories, run ids, baseline names or "latest"')
    .option('--out <file>', 'write the report here (one run only; default: reports/<run-id>/index.html)')
    .option('--reports <dir>', 'reports directory (default: reports, or $DYNO_REPORTS_DIR)')
    .option('--results <dir>', 'results directory for run ids, baselines and "latest" (default: results)')
    .action(async (runs: string[], options) => {
      exitCode = await reportCommand(runs, { ...options, ...config() }, io)
    })

  program
    .command('publish')
    .description("build a static site of every run under results/: an index, a history page per scenario, each run's report")
    .option('--out <dir>', 'site directory (default: reports/site); works from file:// and on any static host')
    .option('--results <dir>', 'results directory (default: results)')
    .option('--reports <dir>', 'reports directory whose run reports are copied (default: reports, or $DYNO_REPORTS_DIR)')
    .option('--title <text>', 'the site\'s title (default: "<project directory>: dyno benchmark history")')
    .action(async (options) => {
      exitCode = await publishCommand({ ...options, ...config() }, io)
    })

  const baseline = program.command('baseline').description('save and list named baselines under results/baselines/')
  baseline
    .command('save')
    .description('save a run (default: the latest) as a named baseline')
    .argument('<name>', 'baseline name, e.g. main or v1.2')
    .argument('[run]', 'run id, run directory or "latest"')
    .option('--force', 'replace an existing baseline of that name')
    .option('--results <dir>', 'results directory (default: results)')
    .action(async (name: string, run: string | undefined, options) => {
      exitCode = await baselineSave(name, run, { ...options, ...config() }, io)
    })
  baseline
    .command('list')
    .description('list saved baselines')
    .option('--results <dir>', 'results directory (default: results)')
    .option('--json', 'machine-readable output')
    .action(async (options) => {
      exitCode = await baselineList({ ...options, ...config() }, io)
    })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors were already
      // printed by commander in one line.
      return error.exitCode === 0 ? EXIT.pass : EXIT.usage
    }
    return reportError(error, io)
  }
}
