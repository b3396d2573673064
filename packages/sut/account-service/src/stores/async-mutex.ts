/**
 * A FIFO mutex for async code: `const unlock = await mutex.lock()`. The equivalent of Go's
 * sync.Mutex in the seed's baseline, where each account carried one. In a single event loop
 * it only matters when a critical section spans an `await`; the baseline store holds it
 * across the await that takes the next lock, which is where its cost comes from.
 */
export class AsyncMutex {
  private locked = false
  private readonly waiters: (() => void)[] = []

  lock(): Promise<() => void> {
    if (!this.locked) {
      this.locked = true
      return Promise.resolve(() => this.unlock())
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(() => this.unlock())))
  }

  private unlock(): void {
    const next = this.waiters.shift()
    // Ownership passes straight to the next waiter, so a newcomer cannot barge in between.
    if (next === undefined) this.locked = false
    else next()
  }
}
