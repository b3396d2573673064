import Firebird from 'node-firebird'
import { describe, expect, it } from 'vitest'
import { AUTH_PLUGIN_SRP, WIRE_CRYPT_DISABLE } from './firebird-session.js'

describe('firebird connection options', () => {
  it('use the same constants as the installed node-firebird, which they spell out so the driver loads only when needed', () => {
    expect(WIRE_CRYPT_DISABLE).toBe(Firebird.WIRE_CRYPT_DISABLE)
    expect(AUTH_PLUGIN_SRP).toBe(Firebird.AUTH_PLUGIN_SRP)
  })
})
