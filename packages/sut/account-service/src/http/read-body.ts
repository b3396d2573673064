import type http from 'node:http'
import { type ApiError, apiError } from './api-error.js'

/** The default limit on request bodies: the largest valid body is well under 1 KB. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024

export type BodyText = { ok: true; text: string } | { ok: false; error: ApiError }

/**
 * Reads a JSON request body as text, refusing what is not JSON (415) and what is larger than
 * `maxBytes` (413) — from the Content-Length header before reading when there is one, and by
 * counting otherwise, so an oversized body is never buffered whole.
 */
export function readJsonBody(request: http.IncomingMessage, maxBytes: number): Promise<BodyText> {
  const contentType = request.headers['content-type']
  if (contentType === undefined || !/^application\/json\s*(;|$)/i.test(contentType)) {
    request.resume()
    return Promise.resolve({
      ok: false,
      error: apiError(
        415,
        'unsupported_media_type',
        `the body must be JSON; send the header content-type: application/json (got ${contentType === undefined ? 'none' : `'${contentType}'`})`,
      ),
    })
  }
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (declared > maxBytes) return Promise.resolve(tooLarge(maxBytes))
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    request.on('data', (chunk: Buffer) => {
      if (settled) return
      received += chunk.length
      if (received > maxBytes) {
        settled = true
        chunks.length = 0
        resolve(tooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => {
      if (settled) return
      settled = true
      resolve({ ok: true, text: chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8') })
    })
    // A client that goes away mid-body ends the stream with an 'aborted' error, so no
    // request is left waiting (and holding memory) forever.
    request.on('error', (error) => {
      if (settled) return
      settled = true
      resolve({ ok: false, error: apiError(400, 'body_unreadable', `the request body could not be read: ${error.message}`) })
    })
  })
}

function tooLarge(maxBytes: number): BodyText {
  return {
    ok: false,
    error: apiError(413, 'payload_too_large', `the body is larger than the limit of ${maxBytes} bytes; send a smaller JSON object`),
  }
}
