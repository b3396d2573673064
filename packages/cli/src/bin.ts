import { processIo } from './io.js'
import { main } from './main.js'

const code = await main(process.argv.slice(2), processIo())
process.exitCode = code
// If a scenario left a handle open (a socket, a timer), do not hang the shell or the CI job.
setTimeout(() => process.exit(code), 2000).unref()
