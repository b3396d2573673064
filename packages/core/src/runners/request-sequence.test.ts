import { describe, expect, it } from 'vitest'
import type { RouteSpec } from './http-load-spec.js'
import { RequestSequence } from './request-sequence.js'

const MIX: RouteSpec[] = [
  { name: 'read-drops', weight: 60, path: (r) => `/drops/${1 + Math.floor(r.random() * 1000)}` },
  {
    name: 'purchase',
    weight: 40,
    method: 'POST',
    path: '/purchase',
    body: (r) => ({ dropId: 1 + Math.floor(r.random() * 1000), quantity: 1, request: r.index }),
  },
]

function draw(sequence: RequestSequence, n: number): string[] {
  return Array.from({ length: n }, () => sequence.next().bytes.toString('utf8'))
}

describe('RequestSequence', () => {
  it('gives two variants with the same seed exactly the same requests in the same order', () => {
    const a = draw(new RequestSequence(MIX, 42, '127.0.0.1:1'), 500)
    const b = draw(new RequestSequence(MIX, 42, '127.0.0.1:1'), 500)
    const other = draw(new RequestSequence(MIX, 43, '127.0.0.1:1'), 500)
    expect(b).toEqual(a)
    expect(other).not.toEqual(a)
  })

  it('follows the route weights of a 60/40 read/write mix', () => {
    const sequence = new RequestSequence(MIX, 7, '127.0.0.1:1')
    let reads = 0
    const n = 20_000
    for (let i = 0; i < n; i++) if (sequence.next().routeIndex === 0) reads++
    // Binomial(20000, 0.6): 4 standard deviations are ±1.4 percentage points.
    expect(reads / n).toBeGreaterThan(0.586)
    expect(reads / n).toBeLessThan(0.614)
  })

  it('serialises a JSON body with its content type and exact content length', () => {
    const sequence = new RequestSequence([MIX[1] as RouteSpec], 1, '127.0.0.1:8080')
    const text = sequence.next().bytes.toString('utf8')
    const [head, body] = text.split('\r\n\r\n') as [string, string]
    expect(head.split('\r\n')[0]).toBe('POST /purchase HTTP/1.1')
    expect(head).toContain('host: 127.0.0.1:8080')
    expect(head).toContain('content-type: application/json')
    expect(head).toContain(`content-length: ${Buffer.byteLength(body)}`)
    expect(JSON.parse(body)).toMatchObject({ quantity: 1, request: 0 })
  })

  it('passes each generator the request index and reuses the bytes of a fixed route', () => {
    const fixed = new RequestSequence([{ name: 'health', path: '/health', headers: { accept: 'text/plain' } }], 1, 'h')
    const first = fixed.next()
    expect(fixed.next().bytes).toBe(first.bytes)
    expect(first.bytes.toString()).toBe('GET /health HTTP/1.1\r\nhost: h\r\naccept: text/plain\r\n\r\n')
    const indexed = new RequestSequence([{ name: 'n', path: (r) => `/item/${r.index}` }], 1, 'h')
    expect(draw(indexed, 3).map((t) => t.split(' ')[1])).toEqual(['/item/0', '/item/1', '/item/2'])
  })

  it('marks HEAD requests so the parser expects no body', () => {
    const sequence = new RequestSequence([{ name: 'probe', method: 'HEAD', path: '/' }], 1, 'h')
    expect(sequence.next().headOnly).toBe(true)
  })

  it('refuses a generated path that does not start with a slash', () => {
    const sequence = new RequestSequence([{ name: 'bad', path: () => 'drops/1' }], 1, 'h')
    expect(() => sequence.next()).toThrow(/must start with '\/'/)
  })
})
