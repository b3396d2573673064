import { createHash } from 'node:crypto'

/**
 * The SSH host key an SFTP source must present. Accepted forms: an OpenSSH public key line
 * (`ssh-ed25519 AAAA… comment`, as in the server's `/etc/ssh/ssh_host_ed25519_key.pub`), a
 * known_hosts line (`[host]:port ssh-ed25519 AAAA…`), or a SHA-256 fingerprint as
 * `ssh-keygen -lf` prints it (`SHA256:…`).
 */
export type ExpectedHostKey = string

export interface HostKeyCheck {
  /** True when the presented key (raw SSH wire-format blob) is the expected one. */
  matches(presented: Buffer): boolean
  /** What was expected, for the error message. */
  readonly expected: string
}

/** OpenSSH's fingerprint format: base64 SHA-256 of the key blob, without padding. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

export function parseExpectedHostKey(expected: ExpectedHostKey): HostKeyCheck {
  const text = expected.trim()
  if (text.startsWith('SHA256:')) {
    return { expected: text, matches: (presented) => fingerprintOf(presented) === text }
  }
  const tokens = text.split(/\s+/)
  const typeAt = tokens.findIndex((token) => /^(ssh-|ecdsa-sha2-|sk-)/.test(token))
  const blob = typeAt === -1 ? undefined : tokens[typeAt + 1]
  if (blob === undefined || !/^[A-Za-z0-9+/]+=*$/.test(blob)) {
    throw new Error(
      `hostKey ${JSON.stringify(expected.slice(0, 60))} is not an OpenSSH public key, known_hosts line or SHA256: fingerprint; ` +
        'copy the server key with `ssh-keyscan -p PORT HOST` or its fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`',
    )
  }
  const key = Buffer.from(blob, 'base64')
  return { expected: `${tokens[typeAt]} ${fingerprintOf(key)}`, matches: (presented) => presented.equals(key) }
}

/** The server presented a key other than the configured one: possibly a man in the middle. */
export class HostKeyMismatch extends Error {
  constructor(
    readonly host: string,
    readonly presentedFingerprint: string,
    readonly expected: string,
  ) {
    super(
      `${host}: the server's host key ${presentedFingerprint} is not the expected ${expected}; the connection was refused. ` +
        'If the server was reinstalled, verify its new key out of band and update hostKey; otherwise someone may be intercepting the connection',
    )
    this.name = 'HostKeyMismatch'
  }
}
