#!/usr/bin/env node
/**
 * Runs the service on its own:
 *   VARIANT=phase2 PORT=8080 account-service
 *   VARIANT=sqlite-split SQLITE_FILE=/tmp/accounts.db PRELOAD_ACCOUNTS=1000 account-service
 * Listens on 127.0.0.1 unless HOST says otherwise; logs to standard output.
 */
import { ACCOUNT_SERVICE_VARIANTS, type AccountServiceVariant } from './account-service-options.js'
import { createAccountServer } from './create-account-server.js'

const variant = (process.env.VARIANT ?? 'phase2') as AccountServiceVariant
if (!(ACCOUNT_SERVICE_VARIANTS as readonly string[]).includes(variant)) {
  process.stderr.write(`account-service: VARIANT must be one of ${ACCOUNT_SERVICE_VARIANTS.join(', ')}; got '${variant}'\n`)
  process.exit(2)
}
const port = Number(process.env.PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
const preloadAccounts = Number(process.env.PRELOAD_ACCOUNTS ?? 0)
const service = await createAccountServer({
  variant,
  ...(preloadAccounts > 0
    ? { preload: { accounts: preloadAccounts, balanceCents: Number(process.env.PRELOAD_BALANCE_CENTS ?? 100_000) } }
    : {}),
  ...(process.env.SQLITE_FILE !== undefined ? { sqlite: { file: process.env.SQLITE_FILE } } : {}),
})
service.server.listen(port, host, () => {
  process.stdout.write(`account-service (${variant}) listening on http://${host}:${port}/\n`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => service.server.close(() => void service.close().then(() => process.exit(0))))
}
