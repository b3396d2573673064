import { describe, expect, it } from 'vitest'
import type { AccountServiceOptions } from './account-service-options.js'
import { createAccountServer } from './create-account-server.js'

describe('createAccountServer options', () => {
  it('reports every problem at once, naming the field and the accepted values', async () => {
    const options = { variant: 'sqlite-split', preload: { accounts: -1, balanceCents: 0.5 }, shards: 0 } as unknown as AccountServiceOptions
    const error = await createAccountServer(options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    const message = (error as Error).message
    expect(message).toContain('preload.accounts must be an integer')
    expect(message).toContain('preload.balanceCents must be an integer')
    expect(message).toContain('shards must be an integer from 1 to 64')
    expect(message).toContain('sqlite-split needs sqlite.file')
  })

  it('names the known variants when given an unknown one', async () => {
    const error = await createAccountServer({ variant: 'phase9' } as unknown as AccountServiceOptions).catch((e: unknown) => e)
    expect((error as Error).message).toContain('variant must be one of baseline, phase1, phase2, phase3, sqlite-single, sqlite-split')
  })
})
