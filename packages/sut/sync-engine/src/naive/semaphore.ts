/** A counting semaphore: at most `permits` holders at once; waiters are served in arrival order. */
export class Semaphore {
  private available: number
  private readonly waiters: (() => void)[] = []

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`a semaphore needs at least 1 permit, got ${permits}`)
    this.available = permits
  }

  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--
      return
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  release(): void {
    const next = this.waiters.shift()
    if (next !== undefined) next()
    else this.available++
  }
}
