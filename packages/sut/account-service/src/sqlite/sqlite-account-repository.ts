import type Database from 'better-sqlite3'
import { type Account, type AccountPage, MAX_BALANCE_CENTS, type TransferReceipt } from '../domain/account.js'
import { failed, type StoreFailure, type StoreOutcome, succeeded } from '../domain/store-outcome.js'
import type { SqliteAnswer, SqliteOperation } from './sqlite-operation.js'

/** Thrown inside a transaction to roll it back with a business failure as the answer. */
class Refusal extends Error {
  constructor(readonly failure: StoreFailure) {
    super(failure.code)
  }
}

const ACCOUNT_COLUMNS = 'id, owner, balance_cents AS balanceCents'

/**
 * The account operations in SQL on one better-sqlite3 connection (synchronous, so one worker
 * thread runs one operation at a time). Every write is one transaction that either commits
 * whole or rolls back: a guarded UPDATE (`… AND balance_cents >= ?`) makes the funds check
 * and the debit a single statement, and the ledger rows are written in the same transaction.
 * A lock refused by another connection (SQLITE_BUSY, SQLITE_LOCKED) is answered as
 * `storage_busy`, the seed's "lock errors", rather than thrown.
 */
export class SqliteAccountRepository {
  private readonly insertAccount: Database.Statement
  private readonly selectAccount: Database.Statement
  private readonly selectPage: Database.Statement
  private readonly credit: Database.Statement
  private readonly debit: Database.Statement
  private readonly insertEntry: Database.Statement
  private readonly depositTx: (id: number, amountCents: number) => Account
  private readonly withdrawTx: (id: number, amountCents: number) => Account
  private readonly transferTx: (fromId: number, toId: number, amountCents: number) => TransferReceipt

  constructor(db: Database.Database) {
    this.insertAccount = db.prepare(`INSERT INTO accounts (owner, balance_cents, created_at) VALUES (?, 0, ?) RETURNING ${ACCOUNT_COLUMNS}`)
    this.selectAccount = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`)
    this.selectPage = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id > ? ORDER BY id LIMIT ?`)
    this.credit = db.prepare(
      `UPDATE accounts SET balance_cents = balance_cents + ? WHERE id = ? AND balance_cents + ? <= ${MAX_BALANCE_CENTS}`,
    )
    this.debit = db.prepare('UPDATE accounts SET balance_cents = balance_cents - ? WHERE id = ? AND balance_cents >= ?')
    this.insertEntry = db.prepare('INSERT INTO ledger_entries (account_id, delta_cents, kind, created_at) VALUES (?, ?, ?, ?)')

    this.depositTx = db.transaction((id: number, amountCents: number) => {
      this.applyCredit(id, amountCents, 'deposit')
      return this.mustGet(id)
    })
    this.withdrawTx = db.transaction((id: number, amountCents: number) => {
      this.applyDebit(id, amountCents, 'withdrawal')
      return this.mustGet(id)
    })
    this.transferTx = db.transaction((fromId: number, toId: number, amountCents: number) => {
      this.applyDebit(fromId, amountCents, 'transfer_out')
      this.applyCredit(toId, amountCents, 'transfer_in')
      return { from: this.mustGet(fromId), to: this.mustGet(toId), amountCents }
    })
  }

  run(operation: SqliteOperation): SqliteAnswer {
    switch (operation.kind) {
      case 'create':
        return guard(() => this.insertAccount.get(operation.owner, Date.now()) as Account)
      case 'get':
        return guard(() => this.mustGet(operation.id))
      case 'list':
        return guard(() => this.page(operation.afterId, operation.limit))
      case 'deposit':
        return guard(() => this.depositTx(operation.id, operation.amountCents))
      case 'withdraw':
        return guard(() => this.withdrawTx(operation.id, operation.amountCents))
      case 'transfer':
        return guard(() => this.transferTx(operation.fromId, operation.toId, operation.amountCents))
    }
  }

  private page(afterId: number, limit: number): AccountPage {
    // One row more than asked says whether another page exists.
    const rows = this.selectPage.all(afterId, limit + 1) as Account[]
    const accounts = rows.slice(0, limit)
    return { accounts, nextAfterId: rows.length > limit ? (accounts.at(-1)?.id ?? null) : null }
  }

  private mustGet(id: number): Account {
    const account = this.selectAccount.get(id) as Account | undefined
    if (account === undefined) throw new Refusal({ code: 'account_not_found', accountId: id })
    return account
  }

  private applyCredit(id: number, amountCents: number, kind: 'deposit' | 'transfer_in'): void {
    if (this.credit.run(amountCents, id, amountCents).changes === 0) {
      this.mustGet(id)
      throw new Refusal({ code: 'balance_limit_exceeded', accountId: id, limitCents: MAX_BALANCE_CENTS })
    }
    this.insertEntry.run(id, amountCents, kind, Date.now())
  }

  private applyDebit(id: number, amountCents: number, kind: 'withdrawal' | 'transfer_out'): void {
    if (this.debit.run(amountCents, id, amountCents).changes === 0) {
      const account = this.mustGet(id)
      throw new Refusal({ code: 'insufficient_funds', accountId: id, balanceCents: account.balanceCents, requestedCents: amountCents })
    }
    this.insertEntry.run(id, -amountCents, kind, Date.now())
  }
}

function guard<T>(work: () => T): StoreOutcome<T> {
  try {
    return succeeded(work())
  } catch (error) {
    if (error instanceof Refusal) return failed(error.failure)
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
      return failed({ code: 'storage_busy', detail: code })
    }
    throw error
  }
}
