export { createHelloServer, HELLO_MESSAGE, type HelloBody, type HelloServerOptions } from './hello-server.js'
