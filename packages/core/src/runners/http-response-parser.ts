/**
 * An incremental HTTP/1.1 response parser for the load generator, written for speed on the
 * responses a server under test sends over loopback. It finds where each response ends
 * (RFC 9112 §6.3: no body for HEAD, 1xx, 204 and 304; chunked; Content-Length; or until the
 * connection closes) and hands over the status and, only when asked, the body.
 *
 * Why not Node's http client or autocannon's parser (http-parser-js): the generator must not be
 * the bottleneck (the target is ≥ 80% of wrk's rate on the same server), and most runs never
 * look at a body. Skipping bodies by length and reading only the three headers that frame a
 * message keeps the per-response cost to a string slice and three indexOf calls.
 */
export type ResponseHandler = (status: number, body: Buffer | null, keepAlive: boolean) => void

export class HttpParseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'HttpParseError'
  }
}

const CRLF = Buffer.from('\r\n')
const HEAD_END = Buffer.from('\r\n\r\n')
/** Longest response head accepted; a server that sends more is broken or not speaking HTTP. */
const MAX_HEAD_BYTES = 64 * 1024

/** Parser states (plain numbers: compared on every byte range, and no enum emit needed). */
const State = {
  Head: 0,
  FixedBody: 1,
  ChunkSize: 2,
  ChunkData: 3,
  ChunkDataEnd: 4,
  Trailers: 5,
  UntilClose: 6,
} as const
type State = (typeof State)[keyof typeof State]

export class HttpResponseParser {
  private state: State = State.Head
  /** Bytes of an incomplete head, chunk-size line or trailer kept from the previous chunk. */
  private pending: Buffer | null = null
  private remaining = 0
  private status = 0
  private keepAlive = true
  private bodyParts: Buffer[] | null = null

  /**
   * @param onResponse called once per complete response, in order
   * @param collectBodies keep and pass bodies (needed only by a scenario's error classifier)
   * @param nextHasNoBody whether the response now being parsed answers a HEAD request
   */
  constructor(
    private readonly onResponse: ResponseHandler,
    private readonly collectBodies: boolean,
    private readonly nextHasNoBody: () => boolean = () => false,
  ) {}

  /** True between responses: no bytes of an unfinished response are held. */
  get idle(): boolean {
    return this.state === State.Head && this.pending === null
  }

  execute(chunk: Buffer): void {
    let buf = chunk
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, chunk])
      this.pending = null
    }
    let offset = 0
    const length = buf.length
    while (offset < length) {
      switch (this.state) {
        case State.Head: {
          const end = buf.indexOf(HEAD_END, offset)
          if (end === -1) {
            if (length - offset > MAX_HEAD_BYTES) throw new HttpParseError(`response head longer than ${MAX_HEAD_BYTES} bytes`)
            this.pending = buf.subarray(offset)
            return
          }
          this.parseHead(buf, offset, end)
          offset = end + 4
          break
        }
        case State.FixedBody: {
          const take = Math.min(this.remaining, length - offset)
          if (this.bodyParts !== null) this.bodyParts.push(buf.subarray(offset, offset + take))
          this.remaining -= take
          offset += take
          if (this.remaining === 0) this.complete()
          break
        }
        case State.ChunkSize: {
          const end = buf.indexOf(CRLF, offset)
          if (end === -1) {
            this.keepPending(buf, offset)
            return
          }
          const line = buf.toString('latin1', offset, end)
          const semicolon = line.indexOf(';')
          const size = Number.parseInt(semicolon === -1 ? line : line.slice(0, semicolon), 16)
          if (!Number.isFinite(size) || size < 0) throw new HttpParseError(`bad chunk size line ${JSON.stringify(line.slice(0, 40))}`)
          offset = end + 2
          if (size === 0) {
            this.state = State.Trailers
          } else {
            this.remaining = size
            this.state = State.ChunkData
          }
          break
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, length - offset)
          if (this.bodyParts !== null) this.bodyParts.push(buf.subarray(offset, offset + take))
          this.remaining -= take
          offset += take
          if (this.remaining === 0) {
            this.remaining = 2
            this.state = State.ChunkDataEnd
          }
          break
        }
        case State.ChunkDataEnd: {
          // The CRLF after a chunk's data, possibly split across reads.
          const take = Math.min(this.remaining, length - offset)
          this.remaining -= take
          offset += take
          if (this.remaining === 0) this.state = State.ChunkSize
          break
        }
        case State.Trailers: {
          const end = buf.indexOf(CRLF, offset)
          if (end === -1) {
            this.keepPending(buf, offset)
            return
          }
          // An empty line ends the trailer section (and the message); other lines are trailers.
          const empty = end === offset
          offset = end + 2
          if (empty) this.complete()
          break
        }
        case State.UntilClose: {
          if (this.bodyParts !== null) this.bodyParts.push(buf.subarray(offset))
          offset = length
          break
        }
      }
    }
  }

  /**
   * The connection ended. A response delimited by the close completes here; returns false when
   * a response was cut off mid-way (the caller counts it as a connection error).
   */
  finish(): boolean {
    if (this.state === State.UntilClose) {
      this.complete()
      return true
    }
    return this.idle
  }

  private keepPending(buf: Buffer, offset: number): void {
    if (buf.length - offset > MAX_HEAD_BYTES) throw new HttpParseError('chunk-size or trailer line too long')
    this.pending = buf.subarray(offset)
  }

  private parseHead(buf: Buffer, start: number, end: number): void {
    // "HTTP/1.1 200 OK": the version's minor digit decides the default connection persistence.
    if (end - start < 12 || buf[start] !== 0x48 || buf[start + 4] !== 0x2f || buf[start + 5] !== 0x31) {
      throw new HttpParseError(`not an HTTP/1.x response: ${JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 40)))}`)
    }
    const http10 = buf[start + 7] === 0x30
    const status = (buf[start + 9] as number) * 100 + (buf[start + 10] as number) * 10 + (buf[start + 11] as number) - 0x30 * 111
    if (!(status >= 100 && status <= 999)) throw new HttpParseError('bad status code')
    const firstLineEnd = buf.indexOf(CRLF, start)
    // Header names and the framing values are case-insensitive; one lower-cased copy of the
    // header block (starting at the CRLF that ends the status line, so every name follows "\n")
    // is searched for the three headers that matter.
    const headers = buf.toString('latin1', firstLineEnd, end).toLowerCase()
    if (status < 200) {
      // 1xx interim response (e.g. 100 Continue): the final response follows.
      return
    }
    this.status = status
    this.keepAlive = !http10
    const connection = headerValue(headers, '\nconnection:')
    if (connection !== null) {
      if (connection.includes('close')) this.keepAlive = false
      else if (connection.includes('keep-alive')) this.keepAlive = true
    }
    this.bodyParts = this.collectBodies ? [] : null
    if (status === 204 || status === 304 || this.nextHasNoBody()) {
      this.complete()
      return
    }
    const transferEncoding = headerValue(headers, '\ntransfer-encoding:')
    if (transferEncoding?.includes('chunked')) {
      this.state = State.ChunkSize
      return
    }
    const contentLength = headerValue(headers, '\ncontent-length:')
    if (contentLength !== null) {
      const size = Number(contentLength)
      if (!Number.isSafeInteger(size) || size < 0) throw new HttpParseError(`bad content-length ${JSON.stringify(contentLength)}`)
      if (size === 0) {
        this.complete()
      } else {
        this.remaining = size
        this.state = State.FixedBody
      }
      return
    }
    this.keepAlive = false
    this.state = State.UntilClose
  }

  private complete(): void {
    const parts = this.bodyParts
    const body = parts === null ? null : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)
    this.bodyParts = null
    this.state = State.Head
    this.onResponse(this.status, body, this.keepAlive)
  }
}

function headerValue(headers: string, name: string): string | null {
  const at = headers.indexOf(name)
  if (at === -1) return null
  const valueStart = at + name.length
  const lineEnd = headers.indexOf('\r', valueStart)
  return headers.slice(valueStart, lineEnd === -1 ? headers.length : lineEnd).trim()
}
