import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { findBinary, isExecutable } from '../process/find-binary.js'
import type { Installation } from './mariadb-installation.js'

/**
 * The pieces of a Firebird 3 installation a throwaway SuperServer needs, in the Debian/Ubuntu
 * layout (packages firebird3.0-server and firebird3.0-utils): the server, isql-fb and gfix,
 * the message file and INTL modules under /usr/lib/<arch>/firebird/3.0, plugins.conf, and
 * the SQL that builds a security database.
 */
export interface FirebirdInstallation {
  server: string
  isql: string
  gfix: string
  /** FIREBIRD_MSG: the directory holding firebird.msg. */
  messages: string
  intl: string
  pluginsConf: string
  securitySql: string
  /** E.g. 'LI-V3.0.11.33637'. */
  build: string
  /** E.g. '3.0.11'. */
  version: string
}

export const FIREBIRD_INSTALL_HINT =
  'install it with `apt-get install firebird3.0-server firebird3.0-utils` (the system service need not run), or use --db external/docker'

function libraryDir(): string | null {
  const candidates = ['/usr/lib/firebird/3.0']
  try {
    for (const entry of readdirSync('/usr/lib')) candidates.push(path.join('/usr/lib', entry, 'firebird', '3.0'))
  } catch {
    // no /usr/lib: not a Debian-like system
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'firebird.msg')) && existsSync(path.join(dir, 'intl'))) ?? null
}

export function findFirebird(env: NodeJS.ProcessEnv = process.env): Installation<FirebirdInstallation> {
  const server = env.DYNO_FIREBIRD_SERVER ?? '/usr/sbin/firebird'
  if (!isExecutable(server)) return { status: 'missing', reason: `no Firebird server at ${server}`, hint: FIREBIRD_INSTALL_HINT }
  const isql = findBinary(['isql-fb'], env)
  const gfix = findBinary(['gfix'], env)
  const messages = libraryDir()
  const pluginsConf = '/etc/firebird/3.0/plugins.conf'
  const securitySql = '/usr/share/firebird/3.0/security.sql'
  const missing = [
    isql === null ? 'isql-fb' : null,
    gfix === null ? 'gfix' : null,
    messages === null ? '/usr/lib/<arch>/firebird/3.0 (firebird.msg, intl/)' : null,
    existsSync(pluginsConf) ? null : pluginsConf,
    existsSync(securitySql) ? null : securitySql,
  ].filter((m): m is string => m !== null)
  if (missing.length > 0 || isql === null || gfix === null || messages === null) {
    return {
      status: 'missing',
      reason: `the Firebird 3 installation is incomplete: ${missing.join(', ')} not found`,
      hint: FIREBIRD_INSTALL_HINT,
    }
  }
  // -z prints the version and exits; it does not start a server.
  const probe = spawnSync(server, ['-z'], { encoding: 'utf8', timeout: 10_000 })
  const text = `${probe.stdout ?? ''}${probe.stderr ?? ''}`
  const match = /version\s+(\S+-V(\d+\.\d+\.\d+)\S*)/i.exec(text)
  if (match === null) {
    return {
      status: 'missing',
      reason: `${server} -z did not report a version (${text.trim() || 'no output'})`,
      hint: FIREBIRD_INSTALL_HINT,
    }
  }
  const version = match[2] as string
  if (!version.startsWith('3.')) {
    return {
      status: 'missing',
      reason: `${server} is Firebird ${version}; the local provider is built for the Firebird 3 layout`,
      hint: 'run it yourself and pass --firebird-url, or install firebird3.0-server',
    }
  }
  return {
    status: 'found',
    installation: {
      server,
      isql,
      gfix,
      messages,
      intl: path.join(messages, 'intl'),
      pluginsConf,
      securitySql,
      build: match[1] as string,
      version,
    },
  }
}
