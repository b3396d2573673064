import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_SERVICE_VARIANTS, type AccountServiceOptions, type AccountServiceVariant } from './account-service-options.js'
import { createAccountServer } from './create-account-server.js'
import type { Account, TransferReceipt } from './domain/account.js'

/**
 * The contract every variant keeps, checked over HTTP against a listening server: the API,
 * validation with clear 4xx JSON errors, and the money invariants under concurrent load.
 */

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
  json: () => unknown
}

const MAX_BODY_BYTES = 1024

function request(
  port: number,
  method: string,
  requestPath: string,
  body?: string | Buffer,
  headers: http.OutgoingHttpHeaders = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: '127.0.0.1', port, method, path: requestPath, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) })
      })
    })
    outgoing.on('error', reject)
    if (body !== undefined) outgoing.write(body)
    outgoing.end()
  })
}

function sendJson(port: number, method: string, requestPath: string, value: unknown): Promise<Answer> {
  const body = JSON.stringify(value)
  return request(port, method, requestPath, body, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
}

class Client {
  constructor(readonly port: number) {}

  async create(owner: string): Promise<Account> {
    const answer = await sendJson(this.port, 'POST', '/accounts', { owner })
    expect(answer.status, answer.text).toBe(201)
    return answer.json() as Account
  }

  async get(id: number): Promise<Account> {
    const answer = await request(this.port, 'GET', `/accounts/${id}`)
    expect(answer.status, answer.text).toBe(200)
    return answer.json() as Account
  }

  async deposit(id: number, amountCents: number): Promise<Account> {
    const answer = await sendJson(this.port, 'POST', `/accounts/${id}/deposits`, { amountCents })
    expect(answer.status, answer.text).toBe(200)
    return answer.json() as Account
  }
}

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status)
  expect(answer.headers['content-type']).toBe('application/json')
  const body = answer.json() as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(10)
}

/** A deterministic PRNG (mulberry32), so a failing interleaving can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const tempRoot = mkdtempSync(path.join(tmpdir(), 'account-service-contract-'))
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }))

function optionsFor(variant: AccountServiceVariant): AccountServiceOptions {
  const dir = mkdtempSync(path.join(tempRoot, `${variant}-`))
  return {
    variant,
    logFile: path.join(dir, 'service.log'),
    maxBodyBytes: MAX_BODY_BYTES,
    ...(variant.startsWith('sqlite') ? { sqlite: { file: path.join(dir, 'accounts.db'), requestWorkers: 3, readers: 2 } } : {}),
  }
}

describe.each(ACCOUNT_SERVICE_VARIANTS)('the %s variant', (variant) => {
  const options = optionsFor(variant)
  let port = 0
  let client: Client
  let close: () => Promise<void> = async () => {}

  beforeAll(async () => {
    const service = await createAccountServer(options)
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve))
    port = (service.server.address() as AddressInfo).port
    client = new Client(port)
    close = async () => {
      service.server.closeAllConnections()
      await new Promise((resolve) => service.server.close(resolve))
      await service.close()
    }
  })
  afterAll(() => close())

  it('creates an account with a zero balance and the owner trimmed, and reads it back', async () => {
    const created = await client.create('  Ada Lovelace ')
    expect(created).toEqual({ id: created.id, owner: 'Ada Lovelace', balanceCents: 0 })
    expect(await client.get(created.id)).toEqual(created)
  })

  it('deposits and withdraws, and refuses a withdrawal larger than the balance without changing it', async () => {
    const account = await client.create('Grace')
    expect((await client.deposit(account.id, 1_050)).balanceCents).toBe(1_050)
    const withdrawn = await sendJson(port, 'POST', `/accounts/${account.id}/withdrawals`, { amountCents: 50 })
    expect(withdrawn.status).toBe(200)
    expect((withdrawn.json() as Account).balanceCents).toBe(1_000)
    expectError(await sendJson(port, 'POST', `/accounts/${account.id}/withdrawals`, { amountCents: 1_001 }), 409, 'insufficient_funds')
    expect((await client.get(account.id)).balanceCents).toBe(1_000)
  })

  it('transfers between accounts, and a refused transfer changes neither side', async () => {
    const from = await client.create('from')
    const to = await client.create('to')
    await client.deposit(from.id, 500)
    const moved = await sendJson(port, 'POST', '/transfers', { fromId: from.id, toId: to.id, amountCents: 200 })
    expect(moved.status, moved.text).toBe(200)
    const receipt = moved.json() as TransferReceipt
    expect([receipt.from.balanceCents, receipt.to.balanceCents, receipt.amountCents]).toEqual([300, 200, 200])
    expectError(await sendJson(port, 'POST', '/transfers', { fromId: from.id, toId: to.id, amountCents: 301 }), 409, 'insufficient_funds')
    expectError(await sendJson(port, 'POST', '/transfers', { fromId: from.id, toId: 999_999, amountCents: 1 }), 404, 'account_not_found')
    expectError(await sendJson(port, 'POST', '/transfers', { fromId: 999_999, toId: to.id, amountCents: 1 }), 404, 'account_not_found')
    expect((await client.get(from.id)).balanceCents).toBe(300)
    expect((await client.get(to.id)).balanceCents).toBe(200)
  })

  it('lists every account once, in id order, page by page', async () => {
    for (let i = 0; i < 7; i++) await client.create(`listed ${i}`)
    const seen: number[] = []
    let afterId = 0
    for (let pages = 0; pages < 100; pages++) {
      const answer = await request(port, 'GET', `/accounts?limit=3&afterId=${afterId}`)
      expect(answer.status, answer.text).toBe(200)
      const page = answer.json() as { accounts: Account[]; nextAfterId: number | null }
      expect(page.accounts.length).toBeLessThanOrEqual(3)
      seen.push(...page.accounts.map((a) => a.id))
      if (page.nextAfterId === null) break
      afterId = page.nextAfterId
    }
    expect(seen.length).toBeGreaterThanOrEqual(7)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.at(-1)).toBe((await client.create('probe')).id - 1)
  })

  it('answers bad input with a clear 4xx JSON error and keeps serving', async () => {
    const account = await client.create('validated')
    const deposit = `/accounts/${account.id}/deposits`
    const json = { 'content-type': 'application/json' }
    const cases: [Promise<Answer>, number, string][] = [
      [request(port, 'POST', deposit, '{"amountCents": 1', json), 400, 'invalid_json'],
      [request(port, 'POST', deposit, '', json), 400, 'invalid_json'],
      [request(port, 'POST', deposit, '[1,2]', json), 400, 'invalid_json'],
      [sendJson(port, 'POST', deposit, {}), 400, 'validation_failed'],
      [sendJson(port, 'POST', deposit, { amountCents: -5 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', deposit, { amountCents: 0 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', deposit, { amountCents: 10.5 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', deposit, { amountCents: '100' }), 400, 'validation_failed'],
      [sendJson(port, 'POST', deposit, { amountCents: 1e20 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', '/accounts', { owner: '' }), 400, 'validation_failed'],
      [sendJson(port, 'POST', '/accounts', { owner: 42 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', '/accounts', { owner: 'x'.repeat(101) }), 400, 'validation_failed'],
      [sendJson(port, 'POST', '/transfers', { fromId: account.id, toId: account.id, amountCents: 1 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', '/transfers', { fromId: '1', toId: 2, amountCents: 1 }), 400, 'validation_failed'],
      [sendJson(port, 'POST', '/accounts/999999/deposits', { amountCents: 1 }), 404, 'account_not_found'],
      [request(port, 'GET', '/accounts/abc'), 400, 'invalid_account_id'],
      [request(port, 'GET', '/accounts/-1'), 400, 'invalid_account_id'],
      [request(port, 'GET', '/accounts/0'), 400, 'invalid_account_id'],
      [request(port, 'GET', '/accounts/99999999999999999999'), 400, 'invalid_account_id'],
      [request(port, 'GET', '/accounts?limit=0'), 400, 'validation_failed'],
      [request(port, 'GET', '/accounts?page=2'), 400, 'validation_failed'],
      [request(port, 'POST', deposit, '{"amountCents": 1}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      [request(port, 'POST', deposit, '{"amountCents": 1}'), 415, 'unsupported_media_type'],
      [request(port, 'GET', '/nowhere'), 404, 'route_not_found'],
      [request(port, 'DELETE', `/accounts/${account.id}`), 405, 'method_not_allowed'],
    ]
    for (const [answer, status, code] of cases) expectError(await answer, status, code)
    expect((await client.get(account.id)).balanceCents).toBe(0)
  })

  it('refuses a body over the size limit, declared or streamed, with 413', async () => {
    const big = JSON.stringify({ owner: 'x'.repeat(MAX_BODY_BYTES * 2) })
    expectError(
      await request(port, 'POST', '/accounts', big, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }),
      413,
      'payload_too_large',
    )
    // Without a content-length (chunked), the limit is enforced by counting.
    expectError(await request(port, 'POST', '/accounts', big, { 'content-type': 'application/json' }), 413, 'payload_too_large')
    expect((await request(port, 'GET', '/health')).status).toBe(200)
  })

  it('keeps serving after clients vanish mid-body or mid-request', async () => {
    const account = await client.create('abandoned')
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(
            `POST /accounts/${account.id}/deposits HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"amountCents": 5`,
          )
          setTimeout(() => {
            socket.destroy()
            resolve()
          }, 20)
        })
      })
    }
    expect((await request(port, 'GET', '/health')).status).toBe(200)
    expect((await client.get(account.id)).balanceCents).toBe(0)
  })

  it('conserves money under concurrent random transfers: no negative balance, every transfer all or nothing', async () => {
    const accounts: Account[] = []
    for (let i = 0; i < 8; i++) accounts.push(await client.deposit((await client.create(`racer ${i}`)).id, 1_000))
    const expected = new Map(accounts.map((a) => [a.id, 1_000]))
    const random = prng(7)
    const transfers = Array.from({ length: 240 }, () => {
      const from = accounts[Math.floor(random() * accounts.length)] as Account
      let to = accounts[Math.floor(random() * accounts.length)] as Account
      if (to.id === from.id) to = accounts[(accounts.indexOf(from) + 1) % accounts.length] as Account
      return { fromId: from.id, toId: to.id, amountCents: 1 + Math.floor(random() * 700) }
    })
    const statuses = new Map<number, number>()
    let next = 0
    const worker = async () => {
      while (next < transfers.length) {
        const transfer = transfers[next++] as (typeof transfers)[number]
        const answer = await sendJson(port, 'POST', '/transfers', transfer)
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        if (answer.status === 200) {
          expected.set(transfer.fromId, (expected.get(transfer.fromId) ?? 0) - transfer.amountCents)
          expected.set(transfer.toId, (expected.get(transfer.toId) ?? 0) + transfer.amountCents)
        } else if (answer.status === 503) {
          expectError(answer, 503, 'storage_busy')
          expect(answer.text).toContain('SQLITE_BUSY')
        } else {
          expectError(answer, 409, 'insufficient_funds')
        }
      }
    }
    await Promise.all(Array.from({ length: 24 }, worker))
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0)
    const final = await Promise.all(accounts.map((a) => client.get(a.id)))
    for (const account of final) {
      expect(account.balanceCents).toBeGreaterThanOrEqual(0)
      expect(account.balanceCents, `account ${account.id}`).toBe(expected.get(account.id))
    }
    expect(final.reduce((sum, a) => sum + a.balanceCents, 0)).toBe(8 * 1_000)
  })

  it('exposes request counts in the Prometheus text format', async () => {
    const answer = await request(port, 'GET', '/metrics')
    expect(answer.status).toBe(200)
    expect(answer.text).toMatch(/account_requests_total\{operation="create",status="201"\} [1-9]/)
    expect(answer.text).toMatch(/account_request_duration_seconds_bucket\{operation="transfer",status="200",le="\+Inf"\} [1-9]/)
  })

  if (variant === 'baseline') {
    it('logs every request with the client IP, and every refusal as a warning', () => {
      const lines = readFileSync(options.logFile as string, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(lines.some((l) => l['level'] === 'debug' && l['message'] === 'request received' && l['ip'] === '127.0.0.1')).toBe(true)
      expect(lines.some((l) => l['level'] === 'warn' && l['message'] === 'request refused' && l['code'] === 'insufficient_funds')).toBe(
        true,
      )
    })
  } else {
    it('writes no per-request log lines (debug logging is off)', () => {
      expect(readFileSync(options.logFile as string, 'utf8')).toBe('')
    })
  }
})
