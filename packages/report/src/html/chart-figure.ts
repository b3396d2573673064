import type { ChartCollector, ChartSpec } from './chart-spec.js'
import { type Html, html } from './html-template.js'

/**
 * A box the client script draws a chart into, with a text description for screen readers and
 * for anyone reading the page with scripts off (the numbers are also in the tables beside it).
 */
export function renderChartFigure(charts: ChartCollector, spec: ChartSpec, description: string, caption: string): Html {
  const id = charts.add(spec)
  return html`<figure class="chart"><div class="chart-box" id="${id}" data-chart="${id}" role="img" aria-label="${description}"><p class="chart-fallback">${description}</p></div><figcaption>${caption}</figcaption></figure>`
}
