import { describe, expect, it } from 'vitest'
import { formatServerUrl, parseDatabaseUrl, parseServerUrl, redactUrl } from './database-url.js'

describe('database URLs', () => {
  it('reads a MySQL URL with defaults for what it leaves out', () => {
    expect(parseDatabaseUrl('mysql://127.0.0.1/bench')).toEqual({
      engine: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'bench',
      params: {},
    })
    expect(parseDatabaseUrl('mariadb://u:p%40ss@db.example:3307/x')).toMatchObject({
      engine: 'mysql',
      port: 3307,
      user: 'u',
      password: 'p@ss',
    })
  })

  it('reads a Firebird URL with an absolute path, an alias and driver parameters', () => {
    expect(parseDatabaseUrl('firebird://SYSDBA:masterkey@127.0.0.1:3050//var/lib/firebird/data/a b.fdb?wireCrypt=disabled')).toEqual({
      engine: 'firebird',
      host: '127.0.0.1',
      port: 3050,
      user: 'SYSDBA',
      password: 'masterkey',
      database: '/var/lib/firebird/data/a b.fdb',
      params: { wireCrypt: 'disabled' },
    })
    expect(parseServerUrl('firebird://[::1]/employee', 'firebird')).toMatchObject({ host: '::1', port: 3050, database: 'employee' })
  })

  it('writes back what it reads', () => {
    for (const url of [
      'mysql://root@127.0.0.1:40113/dyno',
      'firebird://SYSDBA:masterkey@127.0.0.1:3050//tmp/x/dyno.fdb',
      'firebird://a:b@h:1/alias?wireCrypt=disabled',
    ]) {
      const parsed = parseDatabaseUrl(url)
      if (parsed.engine === 'sqlite') throw new Error('not a server URL')
      expect(formatServerUrl(parsed)).toBe(url)
    }
  })

  it('refuses what it cannot use, naming the URL without its password', () => {
    expect(() => parseDatabaseUrl('postgres://u:secret@h/db')).toThrow(/unknown scheme 'postgres:'/)
    expect(() => parseDatabaseUrl('postgres://u:secret@h/db')).not.toThrow(/secret/)
    expect(() => parseDatabaseUrl('firebird://u:p@h:3050/')).toThrow(/database path or alias is missing/)
    expect(() => parseDatabaseUrl('not a url')).toThrow(/does not parse/)
    expect(() => parseServerUrl('mysql://h/db', 'firebird')).toThrow(/names a mysql database where a firebird one is needed/)
  })

  it('masks passwords for messages', () => {
    expect(redactUrl('mysql://root:hunter2@127.0.0.1:3306/x')).toBe('mysql://root:***@127.0.0.1:3306/x')
    expect(redactUrl('mysql://root@127.0.0.1:3306/x')).toBe('mysql://root@127.0.0.1:3306/x')
  })
})
