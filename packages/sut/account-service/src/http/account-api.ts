import type { Account, AccountPage, TransferReceipt } from '../domain/account.js'
import type { AccountStore } from '../domain/account-store.js'
import type { StoreOutcome } from '../domain/store-outcome.js'
import { type ApiError, storeFailureToApiError } from './api-error.js'
import {
  parseAccountId,
  parseJsonBody,
  parseListQuery,
  type Validated,
  validateAmount,
  validateCreateAccount,
  validateTransfer,
} from './request-validation.js'

/**
 * What an API operation answers, before serialisation. The HTTP layers differ in routing,
 * logging and serialisation; they all answer through these functions, so every variant
 * validates and behaves the same.
 */
export type ApiResult =
  | { kind: 'account'; status: number; account: Account; warnings?: readonly string[] }
  | { kind: 'transfer'; status: number; receipt: TransferReceipt }
  | { kind: 'page'; status: number; page: AccountPage }
  | { kind: 'error'; status: number; error: ApiError }

export class AccountApi {
  constructor(private readonly store: AccountStore) {}

  async createAccount(bodyText: string): Promise<ApiResult> {
    const input = thenValidate(parseJsonBody(bodyText), validateCreateAccount)
    if (!input.ok) return errorResult(input.error)
    const outcome = await this.store.createAccount(input.value.owner)
    if (!outcome.ok) return errorResult(storeFailureToApiError(outcome.failure))
    return { kind: 'account', status: 201, account: outcome.value, warnings: input.value.warnings }
  }

  async getAccount(idSegment: string): Promise<ApiResult> {
    const id = parseAccountId(idSegment)
    if (!id.ok) return errorResult(id.error)
    return accountResult(await this.store.getAccount(id.value))
  }

  async listAccounts(query: string): Promise<ApiResult> {
    const input = parseListQuery(query)
    if (!input.ok) return errorResult(input.error)
    const outcome = await this.store.listAccounts(input.value.afterId, input.value.limit)
    return outcome.ok ? { kind: 'page', status: 200, page: outcome.value } : errorResult(storeFailureToApiError(outcome.failure))
  }

  async deposit(idSegment: string, bodyText: string): Promise<ApiResult> {
    const id = parseAccountId(idSegment)
    if (!id.ok) return errorResult(id.error)
    const input = thenValidate(parseJsonBody(bodyText), validateAmount)
    if (!input.ok) return errorResult(input.error)
    return accountResult(await this.store.deposit(id.value, input.value.amountCents))
  }

  async withdraw(idSegment: string, bodyText: string): Promise<ApiResult> {
    const id = parseAccountId(idSegment)
    if (!id.ok) return errorResult(id.error)
    const input = thenValidate(parseJsonBody(bodyText), validateAmount)
    if (!input.ok) return errorResult(input.error)
    return accountResult(await this.store.withdraw(id.value, input.value.amountCents))
  }

  async transfer(bodyText: string): Promise<ApiResult> {
    const input = thenValidate(parseJsonBody(bodyText), validateTransfer)
    if (!input.ok) return errorResult(input.error)
    const { fromId, toId, amountCents } = input.value
    const outcome = await this.store.transfer(fromId, toId, amountCents)
    return outcome.ok ? { kind: 'transfer', status: 200, receipt: outcome.value } : errorResult(storeFailureToApiError(outcome.failure))
  }
}

export function errorResult(error: ApiError): ApiResult {
  return { kind: 'error', status: error.status, error }
}

function accountResult(outcome: StoreOutcome<Account>): ApiResult {
  return outcome.ok ? { kind: 'account', status: 200, account: outcome.value } : errorResult(storeFailureToApiError(outcome.failure))
}

function thenValidate<T>(
  body: Validated<Record<string, unknown>>,
  validate: (body: Record<string, unknown>) => Validated<T>,
): Validated<T> {
  return body.ok ? validate(body.value) : body
}
