import { describe, expect, it } from 'vitest'
import { HttpParseError, HttpResponseParser } from './http-response-parser.js'

interface Seen {
  status: number
  body: string | null
  keepAlive: boolean
}

function parser(options: { collectBodies?: boolean; headOnly?: () => boolean } = {}) {
  const seen: Seen[] = []
  const p = new HttpResponseParser(
    (status, body, keepAlive) => seen.push({ status, body: body === null ? null : body.toString('utf8'), keepAlive }),
    options.collectBodies ?? true,
    options.headOnly,
  )
  return { p, seen }
}

/** Feeds the bytes one at a time: every state must survive a split anywhere. */
function feedBytewise(p: HttpResponseParser, text: string): void {
  const bytes = Buffer.from(text, 'latin1')
  for (let i = 0; i < bytes.length; i++) p.execute(bytes.subarray(i, i + 1))
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello'

describe('HttpResponseParser', () => {
  it('parses a content-length response delivered in one chunk and keeps the connection alive', () => {
    const { p, seen } = parser()
    p.execute(Buffer.from(OK))
    expect(seen).toEqual([{ status: 200, body: 'hello', keepAlive: true }])
    expect(p.idle).toBe(true)
  })

  it('parses the same response when it arrives one byte at a time', () => {
    const { p, seen } = parser()
    feedBytewise(p, OK)
    expect(seen).toEqual([{ status: 200, body: 'hello', keepAlive: true }])
  })

  it('separates pipelined responses that arrive in one chunk, in order', () => {
    const { p, seen } = parser()
    p.execute(
      Buffer.from(
        `${OK}HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\nbusyHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n`,
      ),
    )
    expect(seen.map((s) => [s.status, s.body])).toEqual([
      [200, 'hello'],
      [503, 'busy'],
      [201, ''],
    ])
  })

  it('reassembles a chunked body with chunk extensions and trailers, split at every byte', () => {
    const { p, seen } = parser()
    feedBytewise(p, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n')
    expect(seen).toEqual([{ status: 200, body: 'hello, world', keepAlive: true }])
    expect(p.idle).toBe(true)
  })

  it('expects no body after 204, 304 and a HEAD request even when content-length is set', () => {
    const { p, seen } = parser({ headOnly: () => true })
    p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'))
    const other = parser()
    other.p.execute(Buffer.from('HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n'))
    expect(seen).toEqual([{ status: 200, body: '', keepAlive: true }])
    expect(other.seen.map((s) => s.status)).toEqual([204, 304])
  })

  it('reads a body without length until the connection closes, and marks the connection as closing', () => {
    const { p, seen } = parser()
    p.execute(Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npart one, '))
    p.execute(Buffer.from('part two'))
    expect(seen).toEqual([])
    expect(p.finish()).toBe(true)
    expect(seen).toEqual([{ status: 200, body: 'part one, part two', keepAlive: false }])
  })

  it('honours connection: close and HTTP/1.0 defaults for keep-alive', () => {
    const { p, seen } = parser()
    p.execute(Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'))
    p.execute(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'))
    p.execute(Buffer.from('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok'))
    expect(seen.map((s) => s.keepAlive)).toEqual([false, false, true])
  })

  it('skips a 100 Continue interim response and reports the final one', () => {
    const { p, seen } = parser()
    p.execute(Buffer.from(`HTTP/1.1 100 Continue\r\n\r\n${OK}`))
    expect(seen.map((s) => s.status)).toEqual([200])
  })

  it('does not keep bodies when nobody asked for them', () => {
    const { p, seen } = parser({ collectBodies: false })
    p.execute(Buffer.from(OK))
    expect(seen).toEqual([{ status: 200, body: null, keepAlive: true }])
  })

  it('reports a connection cut in the middle of a response as unfinished', () => {
    const { p, seen } = parser()
    p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf'))
    expect(p.finish()).toBe(false)
    expect(seen).toEqual([])
  })

  it('rejects bytes that are not an HTTP response and a malformed content-length', () => {
    expect(() => parser().p.execute(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n\r\n'))).toThrow(HttpParseError)
    expect(() => parser().p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n'))).toThrow(/content-length/)
    expect(() => parser().p.execute(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toThrow(/chunk size/)
  })
})
