// Finding a project's scenarios the way `dyno run` does (e.g. in a checkout of another git
// ref): the project (root, config file, settings), then its scenario files.
export { loadProject, type Project } from './config/load-project.js'
export type { ProjectSettings } from './config/validate-config.js'
export { EXIT, type ExitCode } from './exit-codes.js'
export { type CliIo, processIo } from './io.js'
export {
  discoverScenarioFiles,
  findProjectScenarioFiles,
  findScenarioFiles,
  projectScenarioSearch,
  type ScenarioSearch,
} from './load/discover-scenario-files.js'
export { main } from './main.js'
