"""Regenerates packages/core/src/stats/fixtures/scipy-vectors.json with scipy.

Run: python3 tools/make-stats-fixtures.py  (needs scipy; the output is committed, so the
tests themselves do not need Python).
"""
import json
import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261123)
mwu, wsr = [], []

def add_mwu(x, y, method):
    r = stats.mannwhitneyu(x, y, alternative='two-sided', method=method)
    mwu.append({'x': list(map(float, x)), 'y': list(map(float, y)), 'method': method,
                'u1': float(r.statistic), 'p': float(r.pvalue)})

# The vectors quoted in ../shared/notes/statistics.md
add_mwu([12.1, 11.8, 12.5, 12.0, 11.9, 12.3, 12.2, 12.4, 11.7, 12.6],
        [12.4, 12.9, 12.2, 12.8, 13.1, 12.7, 12.6, 13.0, 12.5, 12.3], 'asymptotic')
add_mwu([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8], 'asymptotic')
add_mwu([1.1, 2.3, 3.5, 4.2, 5.9, 6.4], [3.8, 5.1, 6.6, 7.3, 8.8, 9.2, 10.5], 'exact')
add_mwu([1.1, 2.3, 3.5, 4.2, 5.9, 6.4], [3.8, 5.1, 6.6, 7.3, 8.8, 9.2, 10.5], 'asymptotic')
# Random log-normal timings, no ties: exact and asymptotic
for n1, n2, shift in [(5, 5, 0.0), (8, 12, 0.1), (10, 10, 0.3), (15, 18, 0.05), (20, 20, 0.0)]:
    x = np.round(rng.lognormal(0, 0.1, n1), 9)
    y = np.round(rng.lognormal(shift, 0.1, n2), 9)
    add_mwu(x, y, 'exact')
    add_mwu(x, y, 'asymptotic')
# Larger, asymptotic only
for n1, n2, shift in [(60, 60, 0.02), (100, 80, 0.0)]:
    add_mwu(np.round(rng.lognormal(0, 0.2, n1), 9), np.round(rng.lognormal(shift, 0.2, n2), 9), 'asymptotic')

def add_wsr(d, method, correction):
    r = stats.wilcoxon(d, alternative='two-sided', method=method, zero_method='wilcox', correction=correction)
    wsr.append({'d': list(map(float, d)), 'method': method, 'p': float(r.pvalue)})

for n, shift in [(6, 0.2), (10, 0.0), (12, 0.05), (20, 0.03), (30, -0.02)]:
    d = np.round(rng.normal(shift, 0.05, n), 9)
    add_wsr(d, 'exact', False)
for n, shift in [(40, 0.01), (150, 0.0)]:
    d = np.round(rng.normal(shift, 0.05, n), 9)
    add_wsr(d, 'approx', True)
# ties in |d|, approx with continuity correction
add_wsr([0.1, -0.1, 0.2, 0.2, -0.3, 0.4, 0.4, 0.4, 0.5, -0.05, 0.6, 0.0], 'approx', True)

out = {'generator': 'tools/make-stats-fixtures.py', 'scipy': scipy.__version__, 'mannWhitney': mwu, 'signedRank': wsr}
with open('packages/core/src/stats/fixtures/scipy-vectors.json', 'w') as f:
    json.dump(out, f, indent=1)
print(len(mwu), len(wsr))
