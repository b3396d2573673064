// `@dyno/cli/config`: what a project's dyno.config.ts imports. Kept apart from the CLI's main
// entry so loading a config file pulls in no command code.
export {
  type ConfigBudget,
  type ConfigDatabase,
  type ConfigDbMode,
  type ConfigMetricPolicy,
  type DynoConfig,
  defineConfig,
} from './config/dyno-config.js'
