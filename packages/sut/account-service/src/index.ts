export {
  ACCOUNT_SERVICE_VARIANTS,
  type AccountServiceOptions,
  type AccountServiceVariant,
  IN_MEMORY_VARIANTS,
  SQLITE_VARIANTS,
} from './account-service-options.js'
export { type AccountServer, createAccountServer } from './create-account-server.js'
export type { Account, AccountPage, TransferReceipt } from './domain/account.js'
export { MAX_AMOUNT_CENTS, MAX_BALANCE_CENTS } from './domain/account.js'
export { type ConnectionSettings, SINGLE_CONNECTION_SETTINGS, SPLIT_SETTINGS } from './sqlite/connection-settings.js'
