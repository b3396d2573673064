import { describe, expect, it } from 'vitest'
import { AsyncMutex } from './async-mutex.js'
import { AsyncRwLock } from './async-rw-lock.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('AsyncRwLock', () => {
  it('lets readers share the lock and keeps a writer out until the last reader leaves', async () => {
    const lock = new AsyncRwLock()
    const releaseA = await lock.read()
    const releaseB = await lock.read()
    let writing = false
    const writer = lock.write().then((release) => {
      writing = true
      return release
    })
    await tick()
    expect(writing).toBe(false)
    releaseA()
    await tick()
    expect(writing).toBe(false)
    releaseB()
    ;(await writer)()
    expect(writing).toBe(true)
  })

  it('makes readers that arrive after a waiting writer wait behind it, so writers are not starved', async () => {
    const lock = new AsyncRwLock()
    const order: string[] = []
    const releaseFirst = await lock.read()
    const writer = lock.write().then((release) => {
      order.push('writer')
      release()
    })
    const lateReader = lock.read().then((release) => {
      order.push('late reader')
      release()
    })
    await tick()
    expect(order).toEqual([])
    releaseFirst()
    await Promise.all([writer, lateReader])
    expect(order).toEqual(['writer', 'late reader'])
  })

  it('admits one writer at a time', async () => {
    const lock = new AsyncRwLock()
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await lock.write()
        inside++
        most = Math.max(most, inside)
        await tick()
        inside--
        release()
      }),
    )
    expect(most).toBe(1)
  })
})

describe('AsyncMutex', () => {
  it('hands the lock to waiters in arrival order', async () => {
    const mutex = new AsyncMutex()
    const order: number[] = []
    const first = await mutex.lock()
    const waiters = [1, 2, 3].map((n) =>
      mutex.lock().then((unlock) => {
        order.push(n)
        unlock()
      }),
    )
    first()
    await Promise.all(waiters)
    expect(order).toEqual([1, 2, 3])
  })
})
