import { DEFAULT_PAGE_LIMIT, MAX_AMOUNT_CENTS, MAX_OWNER_LENGTH, MAX_PAGE_LIMIT } from '../domain/account.js'
import { type ApiError, apiError } from './api-error.js'

/**
 * Validation of everything a client sends. Each function returns the typed input or an
 * ApiError naming the field, what it got and what it expects, so bad input always ends as a
 * clear 4xx and never reaches a store.
 */
export type Validated<T> = { ok: true; value: T } | { ok: false; error: ApiError }

function valid<T>(value: T): Validated<T> {
  return { ok: true, value }
}

function invalid<T>(code: string, message: string, status = 400): Validated<T> {
  return { ok: false, error: apiError(status, code, message) }
}

export interface CreateAccountInput {
  owner: string
  /** Non-fatal remarks about the input (the service logs them; the request goes on). */
  warnings: string[]
}

export interface AmountInput {
  amountCents: number
}

export interface TransferInput {
  fromId: number
  toId: number
  amountCents: number
}

export interface ListInput {
  afterId: number
  limit: number
}

// Control characters make owner names unprintable in statements and logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

export function parseJsonBody(text: string): Validated<Record<string, unknown>> {
  if (text.length === 0) return invalid('invalid_json', 'the request body is empty; send a JSON object')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return invalid('invalid_json', `the request body is not valid JSON (${reason}); send a JSON object`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('invalid_json', `the request body must be a JSON object, got ${describe(parsed)}`)
  }
  return valid(parsed as Record<string, unknown>)
}

export function validateCreateAccount(body: Record<string, unknown>): Validated<CreateAccountInput> {
  const owner = body['owner']
  if (owner === undefined) return invalid('validation_failed', 'owner is required: send {"owner": "<name>"}')
  if (typeof owner !== 'string') return invalid('validation_failed', `owner must be a string, got ${describe(owner)}`)
  const trimmed = owner.trim()
  if (trimmed.length === 0) return invalid('validation_failed', 'owner must not be empty or only whitespace')
  if (trimmed.length > MAX_OWNER_LENGTH) {
    return invalid('validation_failed', `owner must be at most ${MAX_OWNER_LENGTH} characters, got ${trimmed.length}`)
  }
  if (CONTROL_CHARACTERS.test(trimmed)) return invalid('validation_failed', 'owner must not contain control characters')
  const warnings = trimmed.length === owner.length ? [] : ['owner had leading or trailing whitespace, which was removed']
  return valid({ owner: trimmed, warnings })
}

export function validateAmount(body: Record<string, unknown>): Validated<AmountInput> {
  const amount = checkAmount(body['amountCents'])
  return amount.ok ? valid({ amountCents: amount.value }) : amount
}

export function validateTransfer(body: Record<string, unknown>): Validated<TransferInput> {
  const fromId = checkId(body['fromId'], 'fromId')
  if (!fromId.ok) return fromId
  const toId = checkId(body['toId'], 'toId')
  if (!toId.ok) return toId
  if (fromId.value === toId.value) {
    return invalid('validation_failed', `fromId and toId are both ${fromId.value}; a transfer needs two different accounts`)
  }
  const amount = checkAmount(body['amountCents'])
  if (!amount.ok) return amount
  return valid({ fromId: fromId.value, toId: toId.value, amountCents: amount.value })
}

/** An account id from a path segment: digits only, no sign, no leading zeros, a safe integer ≥ 1. */
export function parseAccountId(segment: string): Validated<number> {
  if (!/^[1-9][0-9]{0,15}$/.test(segment) || !Number.isSafeInteger(Number(segment))) {
    return invalid('invalid_account_id', `'${truncate(segment)}' is not an account id; ids are positive integers like /accounts/42`)
  }
  return valid(Number(segment))
}

/** `?limit=50&afterId=100`: both optional. */
export function parseListQuery(query: string): Validated<ListInput> {
  const params = new URLSearchParams(query)
  for (const key of params.keys()) {
    if (key !== 'limit' && key !== 'afterId') {
      return invalid('validation_failed', `unknown query parameter '${truncate(key)}'; use limit and afterId`)
    }
  }
  const limitText = params.get('limit')
  const afterText = params.get('afterId')
  let limit = DEFAULT_PAGE_LIMIT
  if (limitText !== null) {
    if (!/^[0-9]{1,6}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_PAGE_LIMIT) {
      return invalid('validation_failed', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got '${truncate(limitText)}'`)
    }
    limit = Number(limitText)
  }
  let afterId = 0
  if (afterText !== null) {
    if (!/^[0-9]{1,16}$/.test(afterText) || !Number.isSafeInteger(Number(afterText))) {
      return invalid('validation_failed', `afterId must be a non-negative integer, got '${truncate(afterText)}'`)
    }
    afterId = Number(afterText)
  }
  return valid({ afterId, limit })
}

function checkAmount(value: unknown): Validated<number> {
  const hint = 'send a positive whole number of cents, e.g. {"amountCents": 1050} for 10.50'
  if (value === undefined) return invalid('validation_failed', `amountCents is required; ${hint}`)
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return invalid('validation_failed', `amountCents must be a number, got ${describe(value)}; ${hint}`)
  }
  if (!Number.isInteger(value)) return invalid('validation_failed', `amountCents must be a whole number of cents, got ${value}; ${hint}`)
  if (value <= 0) return invalid('validation_failed', `amountCents must be positive, got ${value}; ${hint}`)
  if (value > MAX_AMOUNT_CENTS) {
    return invalid('validation_failed', `amountCents must be at most ${MAX_AMOUNT_CENTS} per operation, got ${value}`)
  }
  return valid(value)
}

function checkId(value: unknown, field: string): Validated<number> {
  if (value === undefined) return invalid('validation_failed', `${field} is required (an account id)`)
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    return invalid('validation_failed', `${field} must be a positive integer account id, got ${describe(value)}`)
  }
  return valid(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string '${truncate(value)}'`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
