import type { FlameNode } from '@dyno/core'
import { formatValue } from '../format/format-value.js'
import { type Html, html } from './html-template.js'

/**
 * A flame graph as static SVG: the call tree as stacked boxes, callers above their callees
 * (the "icicle" layout, which reads top-down like the code), each box as wide as the time (or
 * bytes) spent in it and below it. Siblings are ordered heaviest first. No script: every box
 * carries a <title>, which browsers show on hover, so the page works offline under a CSP that
 * allows no script at all.
 *
 * Boxes narrower than about a pixel are left out (their time still counts in their parent's
 * width); labels are drawn when they fit.
 */
export const FLAME_WIDTH = 1200
const ROW_HEIGHT = 18
const CHAR_WIDTH = 6.6
const MIN_BOX_WIDTH = 0.6

export type FlameUnit = 'us' | 'bytes'

interface Box {
  node: FlameNode
  depth: number
  x: number
  width: number
}

function layout(root: FlameNode): { boxes: Box[]; depth: number } {
  const boxes: Box[] = []
  const scale = root.total > 0 ? FLAME_WIDTH / root.total : 0
  let depth = 0
  const stack: Box[] = [{ node: root, depth: 0, x: 0, width: root.total * scale }]
  while (stack.length > 0) {
    const box = stack.pop() as Box
    boxes.push(box)
    depth = Math.max(depth, box.depth)
    let x = box.x
    for (const child of box.node.children) {
      const width = child.total * scale
      if (width >= MIN_BOX_WIDTH) stack.push({ node: child, depth: box.depth + 1, x, width })
      x += width
    }
  }
  return { boxes, depth: depth + 1 }
}

function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

export type FrameKind = 'own' | 'dependency' | 'node' | 'gc' | 'v8'

/** Which kind of code a frame is, for its colour and the legend. */
export function frameKind(node: Pick<FlameNode, 'name' | 'location'>): FrameKind {
  if (node.name === '(garbage collector)') return 'gc'
  if (node.location === '' || node.name === 'all') return 'v8'
  if (node.location.startsWith('node:')) return 'node'
  if (node.location.includes('node_modules/')) return 'dependency'
  return 'own'
}

export const FRAME_KIND_TEXT: Record<FrameKind, string> = {
  own: 'your code',
  dependency: 'packages (node_modules)',
  node: "Node.js's own JavaScript (node:…)",
  gc: 'garbage collection',
  v8: 'V8 and native code: (program), (idle), the root',
}

const FRAME_KIND_HUE: Record<FrameKind, [number, number, number]> = {
  own: [28, 85, 62],
  dependency: [168, 45, 58],
  node: [212, 50, 70],
  gc: [2, 70, 62],
  v8: [215, 10, 78],
}

/** A stable colour per function: the same function has the same colour in every graph. */
export function frameColor(node: Pick<FlameNode, 'name' | 'location'>): string {
  const [hue, saturation, lightness] = FRAME_KIND_HUE[frameKind(node)]
  const h = hash(`${node.name}@${node.location}`)
  return `hsl(${hue + (h % 24) - 12} ${saturation}% ${lightness + ((h >>> 8) % 12) - 6}%)`
}

function describeValue(value: number, unit: FlameUnit): string {
  return unit === 'us' ? formatValue(value, 'us') : formatValue(value, 'bytes')
}

function label(node: FlameNode, width: number): string {
  const fits = Math.floor((width - 6) / CHAR_WIDTH)
  if (fits < 3) return ''
  return node.name.length <= fits ? node.name : `${node.name.slice(0, fits - 1)}…`
}

export function renderFlameGraphSvg(root: FlameNode, unit: FlameUnit, caption: string): Html {
  const { boxes, depth } = layout(root)
  const height = depth * ROW_HEIGHT
  const total = root.total
  const share = (v: number) => (total > 0 ? `${((v / total) * 100).toFixed(1)}%` : '–')
  const items = boxes.map((box) => {
    const n = box.node
    const where = n.location === '' ? '' : ` — ${n.location}${n.line === null ? '' : `:${n.line}`}`
    const title = `${n.name}${where}\ntotal ${describeValue(n.total, unit)} (${share(n.total)}), self ${describeValue(n.self, unit)} (${share(n.self)})`
    const y = box.depth * ROW_HEIGHT
    const text = label(n, box.width)
    return html`<g><title>${title}</title><rect x="${box.x.toFixed(2)}" y="${y}" width="${Math.max(box.width - 0.4, 0.2).toFixed(2)}" height="${ROW_HEIGHT - 1}" fill="${frameColor(n)}" data-kind="${frameKind(n)}"></rect>${text === '' ? '' : html`<text x="${(box.x + 3).toFixed(2)}" y="${y + 12.5}">${text}</text>`}</g>`
  })
  return html`<svg class="flame" viewBox="0 0 ${FLAME_WIDTH} ${height}" width="${FLAME_WIDTH}" height="${height}" role="img" aria-label="${caption}" xmlns="http://www.w3.org/2000/svg">${items}</svg>`
}
