import net from 'node:net'
import { performance } from 'node:perf_hooks'
import { HttpParseError, HttpResponseParser } from './http-response-parser.js'

/** A request written to a connection and not yet answered. Times are performance.now() ms. */
export interface InFlightRequest {
  routeIndex: number
  /** When the request should have been sent (open model), or when it was sent (closed). */
  scheduledAt: number
  sentAt: number
  headOnly: boolean
}

export type ConnectionFailure = 'connection' | 'timeout'

export interface ConnectionListener {
  onResponse(connection: HttpConnection, request: InFlightRequest, status: number, body: Buffer | null): void
  /**
   * The connection is gone (closed by the server, reset, unparseable, or timed out); `lost` are
   * the requests it still carried. Called once per connection; the generator decides whether
   * to open another.
   */
  onClosed(connection: HttpConnection, lost: readonly InFlightRequest[], failure: ConnectionFailure | null, error: Error | null): void
  /** A callback threw (a scenario's classifier or body generator): the run must stop with it. */
  onFatal(error: unknown): void
}

/**
 * One keep-alive HTTP/1.1 connection to the server under test on 127.0.0.1. Requests are
 * written as prepared bytes; responses are matched to requests in order (HTTP/1.1 answers in
 * request order, which is also what makes pipelining work). Nagle is off so a small request
 * leaves at once instead of waiting up to 40 ms for an ACK.
 */
export class HttpConnection {
  private readonly socket: net.Socket
  private readonly parser: HttpResponseParser
  /** FIFO of unanswered requests; answered slots are cleared and compacted now and then. */
  private readonly queue: (InFlightRequest | undefined)[] = []
  private head = 0
  private closed = false
  /** Set when a response said `connection: close`: no more requests may be written. */
  private closing = false

  constructor(
    port: number,
    private readonly listener: ConnectionListener,
    collectBodies: boolean,
  ) {
    this.parser = new HttpResponseParser(
      (status, body, keepAlive) => this.handleResponse(status, body, keepAlive),
      collectBodies,
      () => this.queue[this.head]?.headOnly === true,
    )
    this.socket = net.connect({ port, host: '127.0.0.1', noDelay: true })
    this.socket.on('data', (chunk: Buffer) => {
      try {
        this.parser.execute(chunk)
      } catch (error) {
        if (error instanceof HttpParseError) this.fail('connection', error)
        else this.listener.onFatal(error)
      }
    })
    this.socket.on('error', (error) => this.fail('connection', error))
    this.socket.on('close', () => {
      if (this.closed) return
      const complete = this.parser.finish()
      this.fail(this.inFlight > 0 || !complete ? 'connection' : null, null)
    })
  }

  /** Requests written and not yet answered. */
  get inFlight(): number {
    return this.queue.length - this.head
  }

  /** Can take another request now. */
  get open(): boolean {
    return !this.closed && !this.closing
  }

  /** sentAt of the oldest unanswered request, or Infinity. */
  get oldestSentAt(): number {
    return this.queue[this.head]?.sentAt ?? Number.POSITIVE_INFINITY
  }

  send(request: InFlightRequest, bytes: Buffer): void {
    this.queue.push(request)
    this.socket.write(bytes)
  }

  /** Gives up on the in-flight requests (they timed out) and closes. */
  timeOut(): void {
    this.fail('timeout', null)
  }

  /** Closes without reporting anything (end of the run). */
  destroy(): void {
    this.closed = true
    this.socket.destroy()
  }

  private handleResponse(status: number, body: Buffer | null, keepAlive: boolean): void {
    const request = this.queue[this.head]
    if (request === undefined) {
      this.fail('connection', new HttpParseError(`response ${status} arrived with no request in flight`))
      return
    }
    this.queue[this.head++] = undefined
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    if (!keepAlive) this.closing = true
    this.listener.onResponse(this, request, status, body)
    if (this.closing && !this.closed) this.fail(this.inFlight > 0 ? 'connection' : null, null)
  }

  private fail(failure: ConnectionFailure | null, error: Error | null): void {
    if (this.closed) return
    this.closed = true
    const lost = this.queue.slice(this.head).filter((r): r is InFlightRequest => r !== undefined)
    this.queue.length = 0
    this.head = 0
    this.socket.destroy()
    this.listener.onClosed(this, lost, lost.length > 0 ? (failure ?? 'connection') : failure, error)
  }
}

/** performance.now() in ms; one name so the generators read the same clock. */
export const clockMs: () => number = () => performance.now()
