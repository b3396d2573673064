import { parseShard, type Shard } from '@dyno/core'
import { InvalidArgumentError } from 'commander'

/** "5%", "5" (percent) or "0.05" (fraction) → 0.05. */
export function parseThreshold(text: string): number {
  const trimmed = text.trim()
  const percent = trimmed.endsWith('%')
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed)
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`'${text}' is not a threshold; write it like 5% or 0.05`)
  const fraction = percent || value >= 1 ? value / 100 : value
  if (fraction >= 1) throw new InvalidArgumentError(`'${text}' is 100% or more; a threshold is a relative change such as 5%`)
  return fraction
}

/** "90s", "2m", "1500ms", "30" (seconds) → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim())
  if (match === null) throw new InvalidArgumentError(`'${text}' is not a duration; write it like 90s, 2m or 1500ms`)
  const value = Number(match[1])
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h']
  if (value <= 0) throw new InvalidArgumentError(`'${text}' must be longer than zero`)
  return value * scale
}

export function parsePositiveInteger(text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`'${text}' is not a whole number of at least 1`)
  return value
}

export function parseSeed(text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new InvalidArgumentError(`'${text}' is not a seed; use a whole number from 0 to 4294967295`)
  return value
}

/** "2/4" → the second of four shards (see core shard/shard.ts for how scenarios are assigned). */
export function parseShardOption(text: string): Shard {
  try {
    return parseShard(text)
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error))
  }
}
