import type { Account, AccountPage, TransferReceipt } from '../domain/account.js'

/**
 * JSON serialisation compiled from the shape of each answer, the idea behind easyjson (Go)
 * and fast-json-stringify (Node): the keys and punctuation are known in advance, so only the
 * values are converted at run time. Numbers are written with String(), which for the safe
 * integers the service produces gives exactly what JSON.stringify gives; strings, the only
 * values that need escaping, still go through JSON.stringify.
 */
type FieldKind = 'integer' | 'string'

export function compileObjectSerializer<T extends object>(
  fields: readonly (readonly [keyof T & string, FieldKind])[],
): (value: T) => string {
  const writers = fields.map(([key, kind], index) => {
    const prefix = `${index === 0 ? '{' : ','}${JSON.stringify(key)}:`
    return kind === 'integer'
      ? (value: T) => prefix + String(value[key] as number)
      : (value: T) => prefix + JSON.stringify(value[key] as string)
  })
  return (value: T) => {
    let out = ''
    for (const write of writers) out += write(value)
    return `${out}}`
  }
}

export const serializeAccount = compileObjectSerializer<Account>([
  ['id', 'integer'],
  ['owner', 'string'],
  ['balanceCents', 'integer'],
])

export function serializeTransfer(receipt: TransferReceipt): string {
  return `{"from":${serializeAccount(receipt.from)},"to":${serializeAccount(receipt.to)},"amountCents":${receipt.amountCents}}`
}

export function serializePage(page: AccountPage): string {
  let accounts = ''
  for (let i = 0; i < page.accounts.length; i++) accounts += (i === 0 ? '' : ',') + serializeAccount(page.accounts[i] as Account)
  return `{"accounts":[${accounts}],"nextAfterId":${page.nextAfterId === null ? 'null' : page.nextAfterId}}`
}

export function serializeError(code: string, message: string): string {
  return `{"error":{"code":${JSON.stringify(code)},"message":${JSON.stringify(message)}}}`
}
