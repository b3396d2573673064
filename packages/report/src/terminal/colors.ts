import type { Verdict } from '@dyno/core'

/** ANSI styling that disappears entirely when colour is off (pipes, CI logs, NO_COLOR). */
export interface Palette {
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  dim(text: string): string
  bold(text: string): string
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`
const identity = (text: string) => text

export function palette(color: boolean): Palette {
  if (!color) return { red: identity, green: identity, yellow: identity, dim: identity, bold: identity }
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) }
}

export function paintVerdict(p: Palette, verdict: Verdict, text: string): string {
  switch (verdict) {
    case 'regressed':
      return p.red(text)
    case 'improved':
      return p.green(text)
    case 'inconclusive':
      return p.yellow(text)
    default:
      return text
  }
}
