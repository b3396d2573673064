import path from 'node:path'
import type { Readable } from 'node:stream'
import { Client, type SFTPWrapper } from 'ssh2'
import type { DirectoryEntry } from '../listing/remote-file.js'
import { checkSourceName, type FileSource, SourceFileMissing } from './file-source.js'
import { type ExpectedHostKey, fingerprintOf, HostKeyMismatch, parseExpectedHostKey } from './host-key.js'

export interface SftpSourceOptions {
  host: string
  port?: number
  username: string
  /** The client's private key (OpenSSH or PEM), as read from its file. */
  privateKey: string | Buffer
  passphrase?: string
  /** The server key to accept; there is no "accept any" mode. */
  hostKey: ExpectedHostKey
  /** Remote directory that names are relative to; default the login directory. */
  root?: string
  readyTimeoutMs?: number
}

/** ssh2's SFTP status code for "no such file" (draft-ietf-secsh-filexfer-02, SSH_FX_NO_SUCH_FILE). */
const SSH_FX_NO_SUCH_FILE = 2

/** An SFTP server as the import source, over one SSH connection and one SFTP channel. */
export class SftpSource implements FileSource {
  private constructor(
    readonly label: string,
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    private readonly root: string,
  ) {}

  static connect(options: SftpSourceOptions): Promise<SftpSource> {
    const check = parseExpectedHostKey(options.hostKey)
    const port = options.port ?? 22
    const root = options.root ?? '.'
    const label = `sftp://${options.username}@${options.host}:${port}/${root.replace(/^\//, '')}`
    const client = new Client()
    let mismatch: HostKeyMismatch | undefined
    return new Promise<SftpSource>((resolve, reject) => {
      client
        .once('ready', () => {
          client.sftp((error, sftp) => {
            if (error) {
              client.end()
              reject(new Error(`${label}: the server refused the SFTP subsystem (${error.message}); is sftp enabled in sshd_config?`))
            } else resolve(new SftpSource(label, client, sftp, root))
          })
        })
        .once('error', (error) => {
          client.end()
          if (mismatch) reject(mismatch)
          else reject(new Error(`${label}: cannot connect (${error.message})`, { cause: error }))
        })
        .connect({
          host: options.host,
          port,
          username: options.username,
          privateKey: options.privateKey,
          ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
          readyTimeout: options.readyTimeoutMs ?? 10_000,
          hostVerifier: (key: Buffer) => {
            if (check.matches(key)) return true
            mismatch = new HostKeyMismatch(`${options.host}:${port}`, fingerprintOf(key), check.expected)
            return false
          },
        })
    })
  }

  private remotePath(name: string): string {
    return name === '' ? this.root : path.posix.join(this.root, name)
  }

  readDirectory(directory: string): Promise<DirectoryEntry[]> {
    if (directory !== '') checkSourceName(this.label, directory)
    return new Promise((resolve, reject) => {
      this.sftp.readdir(this.remotePath(directory), (error, list) => {
        if (error) reject(new Error(`${this.label}: cannot list ${JSON.stringify(directory || '/')} (${error.message})`, { cause: error }))
        else
          resolve(
            list.map((e) => ({
              filename: e.filename,
              longname: e.longname,
              attrs: { mode: e.attrs.mode, size: e.attrs.size, mtime: e.attrs.mtime },
            })),
          )
      })
    })
  }

  async openRead(name: string, startByte: number): Promise<Readable> {
    checkSourceName(this.label, name)
    const remote = this.remotePath(name)
    await new Promise<void>((resolve, reject) => {
      // stat before opening: createReadStream reports a missing file only on first read.
      this.sftp.stat(remote, (error, stats) => {
        if ((error as { code?: number } | undefined)?.code === SSH_FX_NO_SUCH_FILE)
          reject(new SourceFileMissing(this.label, name, { cause: error }))
        else if (error) reject(new Error(`${this.label}: cannot stat ${JSON.stringify(name)} (${error.message})`, { cause: error }))
        else if (!stats.isFile()) reject(new Error(`${this.label}: ${JSON.stringify(name)} is not a regular file`))
        else resolve()
      })
    })
    return this.sftp.createReadStream(remote, { start: startByte })
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.client.once('close', () => resolve())
      this.client.end()
    })
  }
}
