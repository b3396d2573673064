import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHelloServer, HELLO_MESSAGE } from './hello-server.js'

const servers: ReturnType<typeof createHelloServer>[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

async function fetchHello(body: 'stringify' | 'prebuilt', path: string, init?: RequestInit) {
  const server = createHelloServer({ body })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return fetch(`http://127.0.0.1:${port}${path}`, init)
}

describe('createHelloServer', () => {
  for (const body of ['stringify', 'prebuilt'] as const) {
    it(`answers every path with the same JSON document when it builds the body by ${body}`, async () => {
      const response = await fetchHello(body, '/any/path?x=1', { method: 'POST', body: '{"ignored":true}' })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(await response.json()).toEqual({ message: HELLO_MESSAGE })
    })
  }
})
