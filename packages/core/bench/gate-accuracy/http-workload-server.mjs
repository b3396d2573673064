// The server for the gate-accuracy HTTP workload, in its own process so the load loop and
// the server do not share an event loop. GET /?work=N spins N iterations, then answers.
import http from 'node:http'

const server = http.createServer((req, res) => {
  const work = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('work') ?? '0')
  let x = 0
  for (let i = 0; i < work; i++) x = (Math.imul(x, 31) + i) | 0
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(`{"x":${x}}`)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }))
process.on('disconnect', () => process.exit(0))
