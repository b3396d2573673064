import { createHash } from 'node:crypto'
import { DynoError } from '../errors/dyno-error.js'

/**
 * Splitting a suite across CI runners (`--shard 2/4`). A scenario's shard depends on its id
 * alone: shard = (first 32 bits of sha256(id)) mod N, plus one. So every job of a CI matrix
 * computes the same split without talking to the others, and adding or removing a scenario
 * never moves an unrelated one to another shard (unlike dealing a sorted list round-robin,
 * which shifts everything after the insertion point). The price is balance: with few
 * scenarios a shard can get none or several; an empty shard is a valid, empty run.
 */
export interface Shard {
  /** 1-based, as written on the command line. */
  index: number
  count: number
}

const SHARD = /^(\d+)\s*\/\s*(\d+)$/

/** "2/4" → { index: 2, count: 4 }; anything else is a usage error with the expected form. */
export function parseShard(text: string): Shard {
  const match = SHARD.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (match === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new DynoError('shard-invalid', `'${text}' is not a shard; write it as INDEX/COUNT with 1 ≤ INDEX ≤ COUNT, e.g. 2/4`, {
      hint: 'a CI matrix of four jobs passes --shard 1/4, --shard 2/4, --shard 3/4 and --shard 4/4',
    })
  }
  return { index, count }
}

/** The 1-based shard a scenario id belongs to among `count` shards. */
export function shardOf(scenarioId: string, count: number): number {
  const digest = createHash('sha256').update(scenarioId, 'utf8').digest()
  return (digest.readUInt32BE(0) % count) + 1
}

export function inShard(scenarioId: string, shard: Shard | null | undefined): boolean {
  return shard == null || shardOf(scenarioId, shard.count) === shard.index
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`
}
