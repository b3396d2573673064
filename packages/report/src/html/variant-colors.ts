/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Every
 * coloured mark also carries its name in a legend, label or tooltip, so colour is never the
 * only carrier of meaning. A variant keeps its colour across every chart of a scenario.
 */
const PALETTE = ['#555555', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#332288', '#882255', '#117733']

export function variantColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string
}
