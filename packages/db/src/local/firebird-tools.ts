import { execFile } from 'node:child_process'
import path from 'node:path'
import { DatabaseError } from '../errors/database-error.js'
import type { FirebirdInstallation } from './firebird-installation.js'

/**
 * Runs isql-fb and gfix against a throwaway server's own configuration. FIREBIRD must point
 * at that configuration for every tool, or embedded isql-fb edits the system's security
 * database (notes, F1); ISC_USER/ISC_PASSWORD from the caller's environment are dropped so
 * they cannot override the credentials given here.
 */
export interface FirebirdEnvironment {
  install: FirebirdInstallation
  env: NodeJS.ProcessEnv
}

export function firebirdEnvironment(
  install: FirebirdInstallation,
  dirs: { conf: string; lock: string; tmp: string },
  base: NodeJS.ProcessEnv,
): FirebirdEnvironment {
  const env: NodeJS.ProcessEnv = {
    ...base,
    FIREBIRD: dirs.conf,
    FIREBIRD_LOCK: dirs.lock,
    FIREBIRD_TMP: dirs.tmp,
    FIREBIRD_MSG: install.messages,
  }
  delete env.ISC_USER
  delete env.ISC_PASSWORD
  return { install, env }
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      // isql-fb exits 0 after a failed statement unless -bail; its errors go to stderr.
      const problem = (stderr ?? '').trim()
      if (error !== null || problem !== '') {
        reject(
          new DatabaseError('firebird-tool-failed', `${path.basename(command)} failed: ${problem || error?.message}`, {
            hint: 'this is the throwaway server dyno set up; the error above comes from the Firebird tool itself',
          }),
        )
        return
      }
      resolve(stdout)
    })
    child.stdin?.end(input ?? '')
  })
}

export function isql(fb: FirebirdEnvironment, script: string, args: readonly string[] = [], timeoutMs?: number): Promise<string> {
  return run(fb.install.isql, ['-q', '-bail', '-ch', 'UTF8', ...args], fb.env, script, timeoutMs)
}

export function gfix(
  fb: FirebirdEnvironment,
  args: readonly string[],
  database: string,
  credentials: { user: string; password: string },
): Promise<string> {
  return run(fb.install.gfix, [...args, '-user', credentials.user, '-password', credentials.password, database], fb.env)
}
