import { readFile } from 'node:fs/promises'
import { DynoError } from './dyno-error.js'

/**
 * Reads a file dyno was pointed at, turning "no such file" and permission problems into one
 * line that names the file and says what to do (`code` and `hint` are the caller's).
 */
export async function readTextFile(file: string, code: string, hint: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const reason = (error as { code?: string }).code
    throw new DynoError(code, reason === 'ENOENT' ? `${file} does not exist` : `cannot read ${file} (${reason ?? String(error)})`, {
      hint,
      cause: error,
    })
  }
}
