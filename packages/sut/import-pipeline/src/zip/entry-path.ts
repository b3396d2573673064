import path from 'node:path'
import { ZipEntryRejected } from './zip-entry-rejected.js'

/**
 * Resolves an entry name to a path inside `targetDir`, or throws. Checked before any byte is
 * written, on the name as stored (never on a normalised form an attacker can steer):
 * absolute paths (`/etc/x`, `C:\x`, `\\server\x`), `..` segments that leave the target
 * (zip slip, CVE-2018-1002200 and kin), backslashes (a separator on Windows, so `..\x` must
 * not slip through as one odd name) and NUL or control characters.
 */
export function resolveEntryPath(archive: string, targetDir: string, name: string): string {
  if (name.length === 0) {
    throw new ZipEntryRejected(archive, name, 'invalid-name', 'the entry has an empty name', 'the archive is malformed; recreate it')
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being rejected
  if (/[\u0000-\u001f]/.test(name)) {
    throw new ZipEntryRejected(
      archive,
      name,
      'invalid-name',
      'the name contains control characters',
      'rename the entry and recreate the archive',
    )
  }
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) {
    throw new ZipEntryRejected(
      archive,
      name,
      'absolute-path',
      'absolute paths would be written outside the target directory',
      'store entries with paths relative to the archive root',
    )
  }
  if (name.includes('\\')) {
    throw new ZipEntryRejected(
      archive,
      name,
      'invalid-name',
      'backslashes are path separators on Windows and are not allowed in entry names',
      "store entries with '/' as the separator",
    )
  }
  const root = path.resolve(targetDir)
  const resolved = path.resolve(root, name)
  if (name.split('/').includes('..') || (resolved !== root && !resolved.startsWith(root + path.sep))) {
    throw new ZipEntryRejected(
      archive,
      name,
      'path-escapes-target',
      "the path contains '..' and would be written outside the target directory (zip slip)",
      'do not extract archives from this source; ask its owner to fix the export',
    )
  }
  return resolved
}
