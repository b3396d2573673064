// Public API of @dyno/db: database providers, the provisioner the CLI hands to core, the
// ITEMS dataset and its checksum, and helpers that turn a connection URL into driver options.

export {
  type AvailabilityOptions,
  DatabaseAvailability,
  type ExternalUrl,
  type LocalServerStatus,
  type ServerEngine,
  URL_FLAGS,
  URL_VARIABLES,
} from './availability/database-availability.js'
export type { DatabaseProvider, ProviderKind, StartedDatabase, StartOptions } from './database-provider.js'
export { datasetProblems, KNOWN_DATASETS, type PlannedDataset, planDataset, QUICK_ROWS } from './datasets/dataset-requirement.js'
export { type CanonicalItem, canonicalItem, type ItemsChecksum, ItemsChecksumBuilder } from './datasets/items-checksum.js'
export {
  type ItemRow,
  type ItemsDataset,
  ItemsGenerator,
  itemsDatasetId,
  MAX_DATASET_ROWS,
} from './datasets/items-dataset.js'
export { ITEM_COLUMNS } from './datasets/items-table.js'
export { itemsChecksum, readItemsChecksum } from './datasets/read-items-checksum.js'
export { type ContainerRuntimeStatus, detectContainerRuntime, TESTCONTAINERS_RANGE } from './docker/container-runtime.js'
export { DOCKER_IMAGES, DockerProvider, type DockerProviderOptions } from './docker/docker-provider.js'
export { type DoctorCheck, doctorChecks } from './doctor/doctor-checks.js'
export { EmbeddedSqliteProvider } from './embedded/embedded-sqlite-provider.js'
export { firebirdOptions } from './engines/firebird/firebird-session.js'
export { mysqlOptions } from './engines/mysql/mysql-session.js'
export type { SeedReport } from './engines/seed-report.js'
export { DatabaseError, describeError } from './errors/database-error.js'
export { ExternalProvider } from './external/external-provider.js'
export { FIREBIRD_DATABASE_FILE, type LocalFirebirdOptions, LocalFirebirdProvider, SYSDBA } from './local/local-firebird-provider.js'
export { LocalMariadbProvider, MARIADB_DATABASE } from './local/local-mariadb-provider.js'
export { type LocalServerOptions, PortTakenError } from './local/local-server-options.js'
export { chooseProvider, DB_MODES, type DbMode, isDbMode, type ProviderChoice } from './provision/choose-provider.js'
export { DatabaseProvisioner, type DatabaseProvisionerOptions, requirementName } from './provision/database-provisioner.js'
export {
  type DatabaseUrl,
  formatServerUrl,
  parseDatabaseUrl,
  parseServerUrl,
  redactUrl,
  type ServerUrl,
  type SqliteUrl,
} from './url/database-url.js'
