import { Semaphore } from './semaphore.js'

/** Runs critical sections one at a time (the "before" code guarded its counters with one). */
export class Mutex {
  private readonly semaphore = new Semaphore(1)

  async run<T>(critical: () => T | Promise<T>): Promise<T> {
    await this.semaphore.acquire()
    try {
      return await critical()
    } finally {
      this.semaphore.release()
    }
  }
}
