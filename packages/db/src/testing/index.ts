// Helpers for integration tests that need real servers (here and in @dyno/cli): whether the
// local servers can run, and which processes still mention a test's temp directory.
export { processesMentioning, type ServersForTests, serversForTests } from './integration-servers.js'
