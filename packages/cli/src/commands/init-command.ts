import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DynoError } from '@dyno/core'
import { CONFIG_FILE_NAMES } from '../config/dyno-config.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import { detectProject } from '../init/detect-project.js'
import { exampleConfig } from '../init/example-config.js'
import { exampleScenario } from '../init/example-scenario.js'
import { addGitignoreEntries } from '../init/gitignore-entries.js'
import { addNpmScript } from '../init/npm-script.js'
import type { CliIo } from '../io.js'

/**
 * `dyno init`: sets up dyno in an existing npm project (the working directory) — an example
 * scenario, a config file, .gitignore entries and a `bench` script. It never replaces an
 * existing file or script without --force, and says what it wrote and what it left alone.
 */
export interface InitOptions {
  force?: boolean
  /** Directory for scenario files, relative to the project (default bench). */
  dir: string
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )

export async function initCommand(options: InitOptions, io: CliIo): Promise<ExitCode> {
  const root = io.cwd
  const packageFile = path.join(root, 'package.json')
  let packageJson: Record<string, unknown>
  try {
    packageJson = JSON.parse(await readFile(packageFile, 'utf8')) as Record<string, unknown>
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT'
    throw new DynoError('init-needs-package', missing ? 'there is no package.json here' : `package.json cannot be read: ${String(error)}`, {
      hint: missing ? 'run dyno init at the top of an npm project (npm init -y creates one)' : 'fix package.json and run dyno init again',
    })
  }
  const dir = options.dir.replace(/\\/g, '/').replace(/^\.\/|\/+$/g, '')
  if (dir === '' || dir.startsWith('..') || path.isAbsolute(dir)) {
    throw new DynoError('init-bad-dir', `--dir '${options.dir}' must be a directory inside the project`, { hint: 'e.g. --dir bench' })
  }
  const facts = await detectProject(root, packageJson)
  const force = options.force === true
  const wrote: string[] = []
  const skipped: string[] = []

  const writeNew = async (relative: string, content: string, why: string): Promise<void> => {
    const file = path.join(root, relative)
    if ((await exists(file)) && !force) {
      skipped.push(`${relative} (exists; --force replaces it)`)
      return
    }
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
    wrote.push(`${relative} (${why})`)
  }

  const scenarioFile = `${dir}/example.scenario.${facts.typescript ? 'ts' : 'mjs'}`
  await writeNew(scenarioFile, exampleScenario(facts, dir), 'an example scenario: before/after variants, verify, a budget')

  const configName = facts.typescript ? 'dyno.config.ts' : 'dyno.config.mjs'
  const otherConfigs = []
  for (const name of CONFIG_FILE_NAMES) if (name !== configName && (await exists(path.join(root, name)))) otherConfigs.push(name)
  if (otherConfigs.length > 0 && !force) skipped.push(`${configName} (the project already has ${otherConfigs.join(', ')})`)
  else await writeNew(configName, exampleConfig(dir), 'settings, with the rest commented out')

  const ignore = await addGitignoreEntries(path.join(root, '.gitignore'))
  if (ignore.added.length > 0) wrote.push(`.gitignore (${ignore.created ? 'created with' : 'added'} ${ignore.added.join(' ')})`)
  else skipped.push('.gitignore (already ignores results/ and reports/)')

  const script = await addNpmScript(packageFile, 'bench', 'dyno run', force)
  if (script === 'added' || script === 'replaced')
    wrote.push(`package.json (script "bench": "dyno run"${script === 'replaced' ? ', replacing yours' : ''})`)
  else if (script === 'present') skipped.push('package.json (the bench script is already "dyno run")')
  else skipped.push('package.json (it has a bench script of its own; --force replaces it)')

  const lines = ['dyno init', ...wrote.map((w) => `  wrote    ${w}`), ...skipped.map((s) => `  skipped  ${s}`)]
  if (facts.entry !== null) {
    lines.push(
      '',
      `Your project's entry is ${facts.entry}${facts.exportedFunctions.length > 0 ? ` (exports ${facts.exportedFunctions.join(', ')})` : ''}; the example's comments show how to benchmark it.`,
    )
  }
  lines.push(
    '',
    'Next:',
    '  npm run bench                  run the scenarios (writes results/<run-id>/ and reports/<run-id>/index.html)',
    '  npx dyno baseline save main    keep this run as the baseline "main"',
    '  npx dyno compare main latest   compare a later run against it (exit 1 on a regression)',
    '  npx dyno publish               build a static site of every run in reports/site/',
  )
  io.out(`${lines.join('\n')}\n`)
  return EXIT.pass
}
