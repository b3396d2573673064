import { describe, expect, it } from 'vitest'
import { ResponseClassifier } from './response-classifier.js'

const routes = [
  { name: 'read', path: '/drops' },
  { name: 'create', method: 'POST' as const, path: '/drops', expectStatus: [201, 409] },
]

describe('ResponseClassifier', () => {
  it('counts any 2xx as success by default and names other statuses status-<code>', () => {
    const c = new ResponseClassifier(routes, undefined)
    expect(c.classify(0, 200, null)).toBeNull()
    expect(c.classify(0, 204, null)).toBeNull()
    expect(c.classify(0, 404, null)).toBe('status-404')
    expect(c.classify(0, 503, null)).toBe('status-503')
    expect(c.needsBodies).toBe(false)
  })

  it("uses a route's expected statuses instead of 2xx when it has them", () => {
    const c = new ResponseClassifier(routes, undefined)
    expect(c.classify(1, 201, null)).toBeNull()
    expect(c.classify(1, 409, null)).toBeNull()
    expect(c.classify(1, 200, null)).toBe('status-200')
  })

  it('applies scenario-defined classes first, in order, to 2xx responses too', () => {
    const c = new ResponseClassifier(routes, {
      'lock-error': (r) => r.body.includes('SQLITE_BUSY'),
      'slow-path': (r) => r.route === 'create' && r.status === 201,
    })
    const busy = Buffer.from('{"error":"SQLITE_BUSY: database is locked"}')
    expect(c.needsBodies).toBe(true)
    expect(c.classify(0, 500, busy)).toBe('lock-error')
    expect(c.classify(0, 200, busy)).toBe('lock-error')
    expect(c.classify(1, 201, busy)).toBe('lock-error')
    expect(c.classify(1, 201, Buffer.from('{}'))).toBe('slow-path')
    expect(c.classify(0, 500, Buffer.from('{}'))).toBe('status-500')
    expect(c.declaredClasses).toEqual(['lock-error', 'slow-path', 'timeout', 'connection'])
  })
})
