import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportPipeline } from '../pipeline/import-pipeline.js'
import type { SqlDumpImporter } from '../pipeline/sql-dump-importer.js'
import { openStatusStore } from '../status/open-status-store.js'
import { ZipWriter } from '../zip/zip-writer.js'
import { downloadFile } from './download-file.js'
import { SourceFileMissing } from './file-source.js'
import { fingerprintOf, HostKeyMismatch } from './host-key.js'
import { listFiles } from './list-files.js'
import { SftpSource, type SftpSourceOptions } from './sftp-source.js'

const SSHD = '/usr/sbin/sshd'
const haveSshd = existsSync(SSHD)
if (!haveSshd && process.env['CI']) throw new Error(`${SSHD} is missing: install openssh-server (.ci/run does)`)

interface RunningSshd {
  port: number
  hostPublicKey: string
  clientPrivateKey: string
  remoteRoot: string
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * A throwaway OpenSSH server on a loopback port: its own host key, one authorized client key,
 * its own config (key auth only, internal-sftp), never the system sshd or its keys.
 */
async function startSshd(dir: string): Promise<RunningSshd> {
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dyno-test', '-f', file])
  keygen(path.join(dir, 'host_key'))
  keygen(path.join(dir, 'client_key'))
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(path.join(dir, 'client_key.pub')))
  await chmod(path.join(dir, 'authorized_keys'), 0o600)
  // sshd running as root insists on its privilege-separation directory (Debian creates it
  // when the service starts, which here it never does).
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 })
  const port = await freePort()
  const remoteRoot = path.join(dir, 'remote')
  await mkdir(remoteRoot)
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    `AllowUsers ${userInfo().username}`,
    'Subsystem sftp internal-sftp',
  ].join('\n')
  await writeFile(path.join(dir, 'sshd_config'), `${config}\n`)
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${log}`)), 10_000)
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes('Server listening')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`sshd exited with ${code}:\n${log}`))
    })
  })
  return {
    port,
    hostPublicKey: await readFile(path.join(dir, 'host_key.pub'), 'utf8'),
    clientPrivateKey: await readFile(path.join(dir, 'client_key'), 'utf8'),
    remoteRoot,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

describe.skipIf(!haveSshd)('SFTP source against a real OpenSSH server', () => {
  let dir: string
  let sshd: RunningSshd
  let options: SftpSourceOptions
  const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256))
  const sha256 = createHash('sha256').update(content).digest('hex')

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sftp-test-'))
    sshd = await startSshd(dir)
    await mkdir(path.join(sshd.remoteRoot, 'exports', 'old'), { recursive: true })
    await writeFile(path.join(sshd.remoteRoot, 'dump_1.sql.zip'), content)
    await writeFile(path.join(sshd.remoteRoot, 'notes.txt'), 'n')
    await writeFile(path.join(sshd.remoteRoot, 'exports', 't.sql'), 'INSERT')
    await writeFile(path.join(sshd.remoteRoot, 'exports', 'old', 'u.sql'), 'OLD')
    options = {
      host: '127.0.0.1',
      port: sshd.port,
      username: userInfo().username,
      privateKey: sshd.clientPrivateKey,
      hostKey: sshd.hostPublicKey,
      root: sshd.remoteRoot,
    }
  })
  afterAll(async () => {
    await sshd?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('lists files recursively with include and exclude patterns', async () => {
    const source = await SftpSource.connect(options)
    try {
      const files = await listFiles(source, {
        patterns: {
          include: [
            { kind: 'glob', pattern: '*.sql.zip' },
            { kind: 'regex', pattern: '^exports/.*\\.sql$' },
          ],
          exclude: [{ kind: 'glob', pattern: 'exports/old/**' }],
        },
      })
      expect(files.map((f) => [f.name, f.sizeBytes])).toEqual([
        ['dump_1.sql.zip', content.length],
        ['exports/t.sql', 6],
      ])
    } finally {
      await source.close()
    }
  })

  it('resumes a partial download from its offset and checks the checksum', async () => {
    const source = await SftpSource.connect(options)
    try {
      const destination = path.join(dir, 'local', 'dump_1.sql.zip')
      await mkdir(path.dirname(destination), { recursive: true })
      await writeFile(`${destination}.partial`, content.subarray(0, 123_456))
      const file = { name: 'dump_1.sql.zip', sizeBytes: content.length, modifiedMs: 0 }
      const result = await downloadFile(source, file, destination, { expectedSha256: sha256 })
      expect(result).toMatchObject({ resumedFromByte: 123_456, bytes: content.length, sha256 })
      expect(await readFile(destination)).toEqual(content)
      await expect(stat(`${destination}.partial`)).rejects.toThrow()
      await expect(source.openRead('gone.sql.zip', 0)).rejects.toBeInstanceOf(SourceFileMissing)
    } finally {
      await source.close()
    }
  })

  it('accepts the host key given as a SHA256 fingerprint', async () => {
    const blob = Buffer.from(sshd.hostPublicKey.split(' ')[1] ?? '', 'base64')
    const source = await SftpSource.connect({ ...options, hostKey: fingerprintOf(blob) })
    await source.close()
  })

  it('refuses a server whose host key is not the expected one', async () => {
    const other = path.join(dir, 'other_key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other])
    const error = await SftpSource.connect({ ...options, hostKey: await readFile(`${other}.pub`, 'utf8') }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostKeyMismatch)
    expect((error as Error).message).toMatch(/is not the expected ssh-ed25519 SHA256:/)
  })

  it('refuses a client key the server does not authorize', async () => {
    const stranger = path.join(dir, 'stranger_key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger])
    await expect(SftpSource.connect({ ...options, privateKey: await readFile(stranger, 'utf8') })).rejects.toThrow(
      /cannot connect.*authentication/i,
    )
  })

  it('feeds the whole pipeline: listed over SFTP, a checksum sidecar fetched and verified (a missing one tolerated), extracted and imported', async () => {
    const incoming = path.join(sshd.remoteRoot, 'incoming')
    await mkdir(incoming)
    const writer = new ZipWriter(path.join(incoming, 'batch.zip'))
    await writer.add('users.sql', 'INSERT INTO users VALUES (1),(2);\n')
    await writer.finish()
    const zipBytes = await readFile(path.join(incoming, 'batch.zip'))
    await writeFile(path.join(incoming, 'batch.zip.sha256'), `${createHash('sha256').update(zipBytes).digest('hex')}  batch.zip\n`)
    await writeFile(path.join(incoming, 'plain.sql'), 'INSERT INTO users VALUES (3);\n')

    // Counts the rows of `INSERT … VALUES (…),(…);` lines: enough to see what reached the importer.
    const imported: string[] = []
    const importer: SqlDumpImporter<null> = async (input, { fileName, tableFor }) => {
      let text = ''
      for await (const chunk of input) text += chunk.toString()
      imported.push(fileName)
      const rows = (text.match(/\(/g) ?? []).length
      return { rowsByTable: { [tableFor('users') ?? 'unmapped']: rows }, statements: 1, bytes: text.length }
    }
    const source = await SftpSource.connect({ ...options, root: incoming })
    const store = await openStatusStore(path.join(dir, 'pipeline-state'))
    try {
      const pipeline = new ImportPipeline({
        source,
        patterns: { include: [{ kind: 'glob', pattern: '*.{zip,sql}' }], exclude: [] },
        store,
        workDir: path.join(dir, 'pipeline-work'),
        mapping: [{ files: { kind: 'glob', pattern: '*.sql' }, tables: { users: 'imported_users' } }],
        importer,
        sink: null,
      })
      expect(await pipeline.runOnce()).toEqual({ listed: 2, skipped: 0, imported: 2, failed: 0, rows: 3 })
      expect(imported.sort()).toEqual(['batch.zip:users.sql', 'plain.sql'])
      expect((await store.logs('batch.zip'))?.some((l) => l.message.endsWith('(verified)'))).toBe(true)
      expect(await store.get('plain.sql')).toMatchObject({ state: 'done', rowsByTable: { imported_users: 1 } })
    } finally {
      await store.close()
      await source.close()
    }
  })
})
