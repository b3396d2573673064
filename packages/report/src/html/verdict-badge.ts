import type { ClaimStatus, Verdict } from '@dyno/core'
import { VERDICT_SYMBOL } from '../format/format-change.js'
import { CLAIM_SYMBOL, claimStatusText } from '../format/format-claim.js'
import { type Html, html } from './html-template.js'

/**
 * Verdicts and claim states as colour plus symbol plus word: the colour helps a scan, the
 * word carries the meaning (for colour-blind readers, screen readers and printouts).
 */
export function verdictBadge(verdict: Verdict): Html {
  return html`<span class="badge verdict-${verdict}"><span aria-hidden="true">${VERDICT_SYMBOL[verdict]}</span> ${verdict}</span>`
}

export function claimBadge(status: ClaimStatus): Html {
  return html`<span class="badge claim-${status}"><span aria-hidden="true">${CLAIM_SYMBOL[status]}</span> ${claimStatusText(status)}</span>`
}

/** For rows that have no verdict because a side did not produce data. */
export function failureBadge(text: string): Html {
  return html`<span class="badge verdict-failed"><span aria-hidden="true">⚠</span> ${text}</span>`
}

export function gateBadge(exitCode: number): Html {
  return exitCode === 0
    ? html`<span class="badge gate-pass"><span aria-hidden="true">✓</span> gate passed</span>`
    : html`<span class="badge gate-fail"><span aria-hidden="true">✗</span> gate failed</span>`
}
