import { formatFractionEstimate, formatFractionInterval } from '../format/format-reference.js'
import { type Html, html } from './html-template.js'
import { type PanelSide, seriesLabel } from './panel-side.js'

/**
 * Each variant's headline metric as a fraction of the scenario's reference variant (a
 * yardstick such as the bare node:http server), paired by round. Nothing when no side's
 * result carries fractions.
 */
export function renderReferenceTable(sides: readonly PanelSide[]): Html {
  const rows = sides.flatMap((side) =>
    (side.result.references ?? []).map(
      (f) => html`<tr><th scope="row">${seriesLabel(f.variant, side)}</th><td>${f.metric}</td>
<td class="num">${formatFractionEstimate(f)}</td><td class="num">${formatFractionInterval(f)}</td><td class="num">${f.pairs}</td></tr>`,
    ),
  )
  const fractions = sides.flatMap((side) => side.result.references ?? [])
  const first = fractions[0]
  if (first === undefined) return html``
  const references = [...new Set(fractions.map((f) => f.reference))]
  return html`<div class="table-wrap"><table class="references"><caption>Against the reference: each variant as a fraction of ${references.join(' / ')}</caption>
<thead><tr><th scope="col">variant</th><th scope="col">metric</th><th scope="col">fraction</th><th scope="col">${Math.round(first.level * 100)}% interval</th><th scope="col">paired rounds</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
