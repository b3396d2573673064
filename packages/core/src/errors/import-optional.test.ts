import { describe, expect, it } from 'vitest'
import { DynoError } from './dyno-error.js'
import { importOptional } from './import-optional.js'

const wanted = { packageName: 'dyno-no-such-driver', neededFor: 'a scenario that requires a MySQL database', range: '^3' }

describe('importOptional', () => {
  it('returns the module when the package is installed', async () => {
    const path = await importOptional(() => import('node:path'), { packageName: 'node:path', neededFor: 'a test' })
    expect(typeof path.join).toBe('function')
  })

  it('turns a missing package into an environment error that says what to install', async () => {
    const error = await importOptional(() => import(wanted.packageName), wanted).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DynoError)
    expect(error).toMatchObject({
      code: 'optional-package-missing',
      exitKind: 'environment',
      message: 'a scenario that requires a MySQL database needs dyno-no-such-driver, which is not installed',
      hint: 'install it in your project: npm i -D dyno-no-such-driver@^3',
    })
  })

  it('says when an installed package fails to load, rather than calling it missing', async () => {
    const broken = () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'bind')"))
    const error = await importOptional(broken, wanted).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'optional-package-broken', exitKind: 'environment' })
    expect((error as DynoError).message).toContain("cannot be loaded: Cannot read properties of undefined (reading 'bind')")
  })
})
