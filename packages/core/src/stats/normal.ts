/**
 * The standard normal distribution, accurate to about 1e-15, without a dependency.
 *
 * erfc uses the all-positive series erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) for
 * |x| < 3 (no cancellation) and a Lentz continued fraction beyond, so tail p-values keep
 * their relative precision. p-values here must match scipy's to many digits (see
 * ../shared/notes/statistics.md); a 2-decimal table would not.
 */
const SQRT_PI = Math.sqrt(Math.PI)

function erfSeries(x: number): number {
  let term = x
  let sum = x
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1)
    sum += term
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), modified Lentz.
  const tiny = 1e-300
  let f = x
  let c = x
  let d = 0
  for (let n = 1; n < 500; n++) {
    const a = n / 2
    d = x + a * d
    d = Math.abs(d) < tiny ? tiny : d
    c = x + a / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return Math.exp(-x * x) / SQRT_PI / f
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (x < 0) return 2 - erfc(-x)
  if (x < 3) return 1 - erfSeries(x)
  return erfcContinuedFraction(x)
}

/** P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2)
}

/** P(Z > z), computed directly so small upper tails keep their digits. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2)
}

/** The z with P(Z ≤ z) = p, by bisection then Newton on the accurate CDF. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY
    if (p === 1) return Number.POSITIVE_INFINITY
    return Number.NaN
  }
  let lo = -40
  let hi = 40
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (normalCdf(mid) < p) lo = mid
    else hi = mid
  }
  let z = (lo + hi) / 2
  for (let i = 0; i < 3; i++) {
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)
    if (density === 0) break
    z -= (normalCdf(z) - p) / density
  }
  return z
}
