/**
 * A shard of the sharded account store, in its own worker thread: it owns the accounts whose
 * id ≡ shardIndex + 1 (mod shardCount) in a dense table, and applies batches of operations in
 * order. Within a shard each operation is atomic for the same reason as in phase 2: one
 * event loop owns the data.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { succeeded } from '../domain/store-outcome.js'
import { DenseAccountTable } from './dense-account-table.js'
import {
  encodeAnswer,
  OPERATION_CODES,
  OPERATION_STRIDE,
  type ShardAnswer,
  type ShardAnswerBatch,
  type ShardRequestBatch,
  type ShardWorkerData,
} from './shard-protocol.js'

const { shardCount } = workerData as ShardWorkerData
const table = new DenseAccountTable(shardCount)

function apply(code: number, a: number, b: number, c: number, owner: () => string): ShardAnswer {
  switch (code) {
    case OPERATION_CODES.insert:
      return succeeded(table.insert(a, owner()))
    case OPERATION_CODES.get:
      return table.get(a)
    case OPERATION_CODES.deposit:
      return table.deposit(a, b)
    case OPERATION_CODES.withdraw:
      return table.withdraw(a, b)
    case OPERATION_CODES.transfer:
      return table.transfer(a, b, c)
    case OPERATION_CODES['reserve-credit']:
      return table.reserveCredit(a, b)
    case OPERATION_CODES['commit-credit']:
      return table.commitCredit(a, b)
    case OPERATION_CODES['release-credit']:
      return table.releaseCredit(a, b)
    case OPERATION_CODES.range:
      return succeeded(table.range(a, b, c))
    default:
      throw new Error(`unknown shard operation code ${code}`)
  }
}

parentPort?.on('message', (batch: ShardRequestBatch) => {
  const { operations, owners } = batch
  let nextOwner = 0
  const owner = () => owners[nextOwner++] ?? ''
  const out: number[] = []
  for (let at = 0; at < operations.length; at += OPERATION_STRIDE) {
    const answer = apply(
      operations[at] as number,
      operations[at + 1] as number,
      operations[at + 2] as number,
      operations[at + 3] as number,
      owner,
    )
    encodeAnswer(answer, out)
  }
  const answers = Float64Array.from(out)
  parentPort?.postMessage({ answers } satisfies ShardAnswerBatch, [answers.buffer])
})
