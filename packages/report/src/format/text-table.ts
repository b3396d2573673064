/**
 * Aligned plain-text columns. Widths count code points after removing ANSI colour codes, so
 * coloured cells and symbols such as µ or − line up.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of ANSI colour codes is the purpose.
const ANSI = /\u001b\[[0-9;]*m/g

export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length
}

export type Align = 'left' | 'right'

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
  indent = '  ',
): string {
  const widths = header.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(cell)))
        return align[i] === 'right' ? pad + cell : cell + pad
      })
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}
