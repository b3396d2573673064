import net from 'node:net'

/**
 * Loopback ports for throwaway servers. Servers bind 127.0.0.1 only (never a public
 * interface), and clients connect to 127.0.0.1, not `localhost`, which resolves to ::1 first
 * on some hosts while the servers listen on IPv4 only.
 */
export const LOOPBACK = '127.0.0.1'

/** A port the kernel considers free right now (another process may still take it first). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, LOOPBACK, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Whether nothing listens on 127.0.0.1:port (checked by binding it for a moment). */
export function isLoopbackPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => server.close(() => resolve(true)))
  })
}
