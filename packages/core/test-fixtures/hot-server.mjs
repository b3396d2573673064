// Server under test for profiling an http-load scenario's server process, as plain ESM (no
// loader needed in the server process). Requests of the warm-up and of the measured phase call
// two differently named busy functions, so a profile shows which phase it covers without any
// timing: a profile of the measured phase must name the one and never the other.
import http from 'node:http'

// Both recursive, so that V8 cannot inline them into the handler, whose samples their time
// would then become.
function distinctiveWarmUpServerWork(n) {
  return n < 2 ? n : distinctiveWarmUpServerWork(n - 1) + distinctiveWarmUpServerWork(n - 2)
}

function distinctiveMeasuredServerWork(n) {
  return n < 2 ? n : distinctiveMeasuredServerWork(n - 1) + distinctiveMeasuredServerWork(n - 2)
}

/**
 * The measured phase begins when the generator resets the server's probe ('probe-reset' on the
 * host's IPC channel, which this listener sees too): that is sent at the end of the warm-up
 * whether or not the round is profiled, and before 'profile-start', so a profile that started
 * any earlier than the measured phase would hold the warm-up's function.
 */
export function createHotServer({ work = 16 } = {}) {
  let measuring = false
  const onMessage = (message) => {
    if (message?.type === 'probe-reset') measuring = true
  }
  process.on('message', onMessage)
  const server = http.createServer((request, response) => {
    request.resume()
    const result = measuring ? distinctiveMeasuredServerWork(work) : distinctiveWarmUpServerWork(work)
    response.writeHead(200, { 'content-type': 'text/plain' })
    response.end(String(result))
  })
  return { server, close: () => process.off('message', onMessage) }
}
