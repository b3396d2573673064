import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { type BodyText, readJsonBody } from './read-body.js'

/** Starts a server that reads one body, and resolves with what readJsonBody made of it. */
async function bodyAsRead(send: (port: number) => void): Promise<BodyText> {
  let settle: (body: BodyText) => void = () => {}
  const outcome = new Promise<BodyText>((resolve) => {
    settle = resolve
  })
  const server = http.createServer((request, response) => {
    void readJsonBody(request, 64).then((body) => {
      settle(body)
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    send((server.address() as AddressInfo).port)
    return await outcome
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

function rawRequest(port: number, text: string, thenDestroyAfterMs?: number): void {
  const socket = net.connect(port, '127.0.0.1', () => {
    socket.write(text)
    if (thenDestroyAfterMs !== undefined) setTimeout(() => socket.destroy(), thenDestroyAfterMs)
  })
  socket.on('error', () => {})
}

const head = (length: number | 'chunked') =>
  `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${length === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${length}`}\r\n\r\n`

describe('readJsonBody', () => {
  it('returns the whole body as text', async () => {
    expect(await bodyAsRead((port) => rawRequest(port, `${head(13)}{"owner":"x"}`))).toEqual({ ok: true, text: '{"owner":"x"}' })
  })

  it('settles with an error when the client goes away before the body is complete', async () => {
    const body = await bodyAsRead((port) => rawRequest(port, `${head(40)}{"owner":`, 20))
    expect(body).toMatchObject({ ok: false, error: { status: 400, code: 'body_unreadable' } })
  })

  it('refuses a chunked body once it passes the limit, without waiting for its end', async () => {
    const chunk = 'x'.repeat(50)
    const body = await bodyAsRead((port) => rawRequest(port, `${head('chunked')}32\r\n${chunk}\r\n32\r\n${chunk}\r\n`))
    expect(body).toMatchObject({ ok: false, error: { status: 413, code: 'payload_too_large' } })
  })
})
