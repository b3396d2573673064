// Public API of @dyno/db (being built)
export type { DatabaseProvider, ProviderKind, StartedDatabase, StartOptions } from './database-provider.js'
export { LocalFirebirdProvider } from './local/local-firebird-provider.js'
export { LocalMariadbProvider } from './local/local-mariadb-provider.js'
