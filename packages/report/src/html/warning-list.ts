import type { ReportWarning } from '../format/collect-warnings.js'
import { type Html, html } from './html-template.js'

/**
 * Errors and warnings in a bordered box right under the gate's outcome, each with its
 * severity in words; informational notes folded away below them. A report whose figures are
 * suspect must say so before it shows them.
 */
function item(w: ReportWarning): Html {
  const where = [w.origin, w.scenarioId, w.variant, w.metric].filter((part): part is string => part !== undefined && part !== null)
  return html`<li class="warning-${w.severity}"><strong>${w.severity === 'info' ? 'note' : w.severity}</strong>${where.length > 0 ? html` <span class="where">${where.join(' · ')}</span>` : ''}: ${w.message} <code class="code">${w.code}</code></li>`
}

export function renderWarningList(warnings: readonly ReportWarning[]): Html {
  const serious = warnings.filter((w) => w.severity !== 'info')
  const notes = warnings.filter((w) => w.severity === 'info')
  const noteBlock =
    notes.length === 0
      ? ''
      : html`<details class="notes"><summary>${notes.length} note${notes.length === 1 ? '' : 's'}</summary><ul>${notes.map(item)}</ul></details>`
  if (serious.length === 0) return html`<div id="warnings"><p class="muted">No warnings.</p>${noteBlock}</div>`
  const errors = serious.filter((w) => w.severity === 'error').length
  const tone = errors > 0 ? 'callout-error' : 'callout-warning'
  const title = [
    errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    serious.length - errors > 0 ? `${serious.length - errors} warning${serious.length - errors === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ')
  return html`<div id="warnings" class="callout ${tone}" role="region" aria-labelledby="warnings-heading"><h3 id="warnings-heading"><span aria-hidden="true">⚠</span> ${title}</h3><ul>${serious.map(item)}</ul>${noteBlock}</div>`
}
