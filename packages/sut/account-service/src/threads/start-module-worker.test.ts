import { describe, expect, it } from 'vitest'
import { workerExecArgv } from './start-module-worker.js'

describe('workerExecArgv', () => {
  it('drops --input-type in both spellings and keeps every other flag', () => {
    expect(workerExecArgv(['--input-type=module', '--max-old-space-size=256', '--input-type', 'commonjs', '--import', 'tsx'])).toEqual([
      '--max-old-space-size=256',
      '--import',
      'tsx',
    ])
  })
})
