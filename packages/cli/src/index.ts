export { EXIT, type ExitCode } from './exit-codes.js'
export { type CliIo, processIo } from './io.js'
export { main } from './main.js'
