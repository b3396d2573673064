/**
 * The account model. Money is integer cents: floating-point dollars cannot represent most
 * decimal amounts exactly, and a conservation check ("the total never changes") would then
 * fail by rounding rather than by a bug.
 */
export interface Account {
  id: number
  owner: string
  balanceCents: number
}

/** Both sides of a completed transfer, as they stood right after it. */
export interface TransferReceipt {
  from: Account
  to: Account
  amountCents: number
}

/** One page of accounts in id order; `nextAfterId` is the cursor for the next page, null at the end. */
export interface AccountPage {
  accounts: Account[]
  nextAfterId: number | null
}

/**
 * Largest amount one operation may move: $100 bn. Together with MAX_BALANCE_CENTS it keeps
 * every sum a store computes far below Number.MAX_SAFE_INTEGER (2^53 − 1 ≈ 9.0e15), so
 * arithmetic on balances stays exact in a JavaScript number.
 */
export const MAX_AMOUNT_CENTS = 10_000_000_000_000

/** Largest balance an account may hold: $10 tn. */
export const MAX_BALANCE_CENTS = 1_000_000_000_000_000

export const MAX_OWNER_LENGTH = 100

export const DEFAULT_PAGE_LIMIT = 50
export const MAX_PAGE_LIMIT = 500
