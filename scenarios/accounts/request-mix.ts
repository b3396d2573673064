import type { RequestContext, RouteSpec } from '@dyno/core'

/** Accounts every load server starts with, so the mix can address existing ids from the first request. */
export const PRELOADED_ACCOUNTS = 1000

/**
 * A balance no mix can exhaust: the largest debit is 1,000 cents, so an account would need a
 * million net debits before a transfer or withdrawal is refused for lack of funds. The load
 * therefore measures the service, not a growing share of 409 answers.
 */
export const PRELOADED_BALANCE_CENTS = 1_000_000_000

function accountId(request: RequestContext): number {
  return 1 + Math.floor(request.random() * PRELOADED_ACCOUNTS)
}

function amountCents(request: RequestContext): number {
  return 1 + Math.floor(request.random() * 1000)
}

function distinctPair(request: RequestContext): { fromId: number; toId: number } {
  const fromId = accountId(request)
  // Draw from the other 999 ids so the pair always differs (a same-account transfer is a 400).
  const offset = 1 + Math.floor(request.random() * (PRELOADED_ACCOUNTS - 1))
  return { fromId, toId: ((fromId - 1 + offset) % PRELOADED_ACCOUNTS) + 1 }
}

export const readAccount = (weight: number): RouteSpec => ({
  name: 'get-account',
  weight,
  method: 'GET',
  path: (r) => `/accounts/${accountId(r)}`,
})

export const deposit = (weight: number): RouteSpec => ({
  name: 'deposit',
  weight,
  method: 'POST',
  path: (r) => `/accounts/${accountId(r)}/deposits`,
  body: (r) => ({ amountCents: amountCents(r) }),
})

export const withdraw = (weight: number): RouteSpec => ({
  name: 'withdraw',
  weight,
  method: 'POST',
  path: (r) => `/accounts/${accountId(r)}/withdrawals`,
  body: (r) => ({ amountCents: amountCents(r) }),
})

export const transfer = (weight: number): RouteSpec => ({
  name: 'transfer',
  weight,
  method: 'POST',
  path: '/transfers',
  body: (r) => ({ ...distinctPair(r), amountCents: amountCents(r) }),
})

export const createAccount = (weight: number): RouteSpec => ({
  name: 'create-account',
  weight,
  method: 'POST',
  path: '/accounts',
  body: { owner: 'load test owner' },
})
