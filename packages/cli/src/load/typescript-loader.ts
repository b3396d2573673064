import { register as registerCommonJs } from 'tsx/cjs/api'
import { register as registerEsm } from 'tsx/esm/api'

/**
 * Lets this process import the project's TypeScript files (scenarios, helpers, the config
 * file) with no build step. Both of tsx's hooks are registered: the ESM one for `.mts` files
 * and ESM packages, the CommonJS one because a `.ts` file in a package without
 * `"type": "module"` (npm init's default) is CommonJS, and without that hook Node finds ESM
 * syntax in it and fails with ERR_REQUIRE_CYCLE_MODULE. `--import tsx` registers the same two
 * hooks, so child processes of isolated rounds load files exactly as this process does.
 */
let registered = false

export function ensureTypeScriptLoader(): void {
  if (registered) return
  registerEsm()
  registerCommonJs()
  registered = true
}

/** Node flags that let a child process import the same TypeScript files. */
export function childExecArgv(): string[] {
  return ['--import', import.meta.resolve('tsx')]
}
