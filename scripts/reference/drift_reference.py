#!/usr/bin/env python3
"""Reference values for the drift-statistics engine (src/analysis/drift).

Writes JSON fixtures to src/analysis/__fixtures__/drift/ computed with numpy and scipy.
Small inputs come from a seeded numpy Generator and are stored verbatim. Large inputs are
stored as a recipe (see `recipe_values`) that the TypeScript tests rebuild bit for bit, so
the fixtures stay small.

Run from the repository root:  python3 scripts/reference/drift_reference.py
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT_DIR = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'analysis', '__fixtures__', 'drift')
rng = np.random.default_rng(20240611)


# ---------------------------------------------------------------------------
# Deterministic large inputs: xorshift32 stream, mirrored in src/analysis/drift/testSupport.ts.
def xorshift32_uniforms(seed, count):
    state = seed & 0xFFFFFFFF
    out = np.empty(count)
    for i in range(count):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        out[i] = (state + 0.5) / 4294967296.0
    return out


def recipe_values(recipe):
    """kind 'normal': Irwin-Hall sum of 12 uniforms minus 6 (exact in float64);
    'cauchy': tan(pi (u - 1/2)); 'integers': floor(u * modulus). Then value * scale + shift."""
    n, kind = recipe['n'], recipe['kind']
    if kind == 'normal':
        u = xorshift32_uniforms(recipe['seed'], 12 * n).reshape(n, 12)
        base = np.zeros(n)
        for k in range(12):
            base = base + u[:, k]
        base = base - 6.0
    elif kind == 'cauchy':
        base = np.tan(math.pi * (xorshift32_uniforms(recipe['seed'], n) - 0.5))
    elif kind == 'integers':
        base = np.floor(xorshift32_uniforms(recipe['seed'], n) * recipe['modulus'])
    else:
        raise ValueError(kind)
    return base * recipe.get('scale', 1.0) + recipe.get('shift', 0.0)


def sample_spec(values_or_recipe):
    if isinstance(values_or_recipe, dict):
        return values_or_recipe, recipe_values(values_or_recipe)
    arr = np.asarray(values_or_recipe, dtype=float)
    return [float(x) for x in arr], arr


def write(name, payload):
    payload = {'generator': 'scripts/reference/drift_reference.py',
               'numpy': np.__version__, 'scipy': scipy.__version__, **payload}
    with open(os.path.join(OUT_DIR, name), 'w') as fh:
        json.dump(payload, fh, separators=(',', ':'))
        fh.write('\n')


def normal(n, loc=0.0, scale=1.0):
    return rng.normal(loc, scale, n)


def recipe(kind, n, seed, **extra):
    return {'kind': kind, 'n': n, 'seed': seed, **extra}


# ---------------------------------------------------------------------------
def sample_pairs():
    same = normal(40)
    return [
        ('small normal 20 vs 30', normal(20), normal(30, 0.5)),
        ('equal sizes 50', normal(50), normal(50, 0.3)),
        ('equal sizes 8 disjoint', normal(8), normal(8, 10)),
        ('unequal 7 vs 300', normal(7), normal(300)),
        ('unequal 123 vs 457', normal(123), normal(457, 0.1, 1.2)),
        ('ties small integers', rng.integers(0, 6, 200).astype(float), rng.integers(0, 7, 150).astype(float)),
        ('ties binary', rng.integers(0, 2, 60).astype(float), rng.integers(0, 2, 90).astype(float)),
        ('identical inputs', same, same.copy()),
        ('heavy tails t(2)', rng.standard_t(2, 500), rng.standard_t(2, 400)),
        ('heavy tails cauchy', rng.standard_cauchy(300), rng.standard_cauchy(350) + 0.5),
        ('single value vs spread', np.full(10, 3.0), normal(25, 3.0)),
        ('exact just below limit 9999 vs 9000',
         recipe('normal', 9999, 11), recipe('normal', 9000, 12, shift=0.03)),
        ('exact square 10000', recipe('normal', 10000, 13), recipe('normal', 10000, 14, shift=0.02)),
        ('exact 10000 vs 6000 ties', recipe('integers', 10000, 15, modulus=50),
         recipe('integers', 6000, 16, modulus=50)),
        ('asymptotic 20000 vs 20000', recipe('normal', 20000, 17), recipe('normal', 20000, 18, shift=0.02)),
        ('asymptotic 20000 vs 15000 same', recipe('normal', 20000, 19), recipe('normal', 15000, 20)),
        ('asymptotic 20001 vs 20001 rounding', recipe('normal', 20001, 21), recipe('normal', 20001, 22, scale=1.05)),
        ('asymptotic 12000 vs 30 small effective n', recipe('normal', 12000, 23), recipe('normal', 30, 24, shift=0.4)),
        ('asymptotic 20000 vs 5 tiny effective n', recipe('normal', 20000, 25), recipe('normal', 5, 26)),
        ('asymptotic cauchy 20000 vs 11000', recipe('cauchy', 20000, 27), recipe('cauchy', 11000, 28, shift=0.1)),
        ('asymptotic strong shift', recipe('normal', 15000, 29), recipe('normal', 15000, 30, shift=0.3)),
        ('asymptotic 200000 vs 200000', recipe('normal', 200000, 31), recipe('normal', 200000, 32, shift=0.004)),
    ]


def ks_and_wasserstein():
    ks_cases, w_cases = [], []
    for name, ref, cur in sample_pairs():
        ref_spec, ref_values = sample_spec(ref)
        cur_spec, cur_values = sample_spec(cur)
        res = stats.ks_2samp(ref_values, cur_values)
        ks_cases.append({'name': name, 'reference': ref_spec, 'current': cur_spec,
                         'statistic': float(res.statistic), 'pValue': float(res.pvalue)})
        w_cases.append({'name': name, 'reference': ref_spec, 'current': cur_spec,
                        'distance': float(stats.wasserstein_distance(ref_values, cur_values))})
    write('ks.json', {'cases': ks_cases})
    write('wasserstein.json', {'cases': w_cases})


def kstwo_survival():
    points = []
    for n in [1, 2, 5, 10, 30, 100, 140, 141, 500, 1000, 5000, 10000, 50000, 100000, 100001, 250000, 500000]:
        for d in [0.0005, 0.002, 0.005, 0.01, 0.02, 0.05, 0.08, 0.1, 0.2, 0.3, 0.45, 0.5, 0.6, 0.9, 0.99]:
            points.append({'n': n, 'd': d, 'sf': float(stats.kstwo.sf(d, n))})
    write('kstwo.json', {'points': points})


def count_pairs():
    return [
        ('three categories', [10, 20, 30], [12, 18, 35]),
        ('two categories', [40, 60], [55, 45]),
        ('empty bins on one side', [5, 0, 10, 3, 0], [0, 4, 9, 6, 1]),
        ('category empty on both sides', [5, 0, 7, 2], [3, 0, 9, 4]),
        ('identical', [3, 4, 5, 6], [3, 4, 5, 6]),
        ('proportional', [1, 2, 3], [10, 20, 30]),
        ('large counts', list(rng.integers(1000, 100000, 25)), list(rng.integers(1000, 100000, 25))),
        ('many small bins', list(rng.integers(0, 3, 60)), list(rng.integers(0, 3, 60))),
        ('tiny share below 1e-4', [1, 50000, 49999], [0, 30000, 70000]),
        ('disjoint', [10, 0, 0], [0, 0, 7]),
        ('fractional shares', [0.1, 0.4, 0.5], [0.3, 0.3, 0.4]),
    ]


def fill_shares(counts):
    shares = np.asarray(counts, dtype=float) / np.sum(counts)
    nonzero = shares[shares != 0]
    smallest = np.min(nonzero)
    fill = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return np.where(shares == 0, fill, shares)


def count_distances():
    chi_cases, dist_cases = [], []
    for name, ref, cur in count_pairs():
        ref = [float(x) for x in ref]
        cur = [float(x) for x in cur]
        r, c = np.asarray(ref), np.asarray(cur)
        keep = (r + c) > 0
        if keep.sum() >= 2 and name != 'disjoint':
            chi = stats.chi2_contingency([r[keep], c[keep]], correction=False)
            chi_cases.append({'name': name, 'reference': ref, 'current': cur,
                              'statistic': float(chi.statistic), 'pValue': float(chi.pvalue), 'dof': int(chi.dof)})
        rs, cs = fill_shares(ref), fill_shares(cur)
        p, q = r / r.sum(), c / c.sum()
        dist_cases.append({
            'name': name, 'reference': ref, 'current': cur,
            'jensenshannon': float(distance.jensenshannon(r, c)),
            'jensenshannonBase2': float(distance.jensenshannon(r, c, base=2)),
            'psi': float(np.sum((rs - cs) * np.log(rs / cs))),
            'kl': float(stats.entropy(rs, cs)),
            'hellinger': float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2)),
        })
    chi_cases.append({'name': 'disjoint chi', 'reference': [10.0, 0.0, 0.0], 'current': [0.0, 0.0, 7.0],
                      **dict(zip(['statistic', 'pValue', 'dof'],
                                 (lambda r: [float(r.statistic), float(r.pvalue), int(r.dof)])(
                                     stats.chi2_contingency([[10, 0], [0, 7]], correction=False))))})
    write('chisquare.json', {'cases': chi_cases})
    write('distances.json', {'cases': dist_cases})


def z_tests():
    cases = []
    for ref_s, ref_n, cur_s, cur_n in [(30, 100, 45, 100), (5, 50, 5, 50), (1, 1000, 20, 900),
                                       (480, 1000, 520, 1000), (99, 100, 1, 100), (7, 13, 3, 29)]:
        p1, p2 = ref_s / ref_n, cur_s / cur_n
        pooled = (ref_s + cur_s) / (ref_n + cur_n)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / ref_n + 1 / cur_n))
        cases.append({'refSuccesses': ref_s, 'refTotal': ref_n, 'curSuccesses': cur_s, 'curTotal': cur_n,
                      'statistic': float(z), 'pValue': float(2 * stats.norm.sf(abs(z)))})
    write('ztest.json', {'cases': cases})


def bin_edges():
    cases = []
    inputs = [
        ('normal 100', normal(100)),
        ('normal 1000', normal(1000, 5, 2)),
        ('integers', rng.integers(0, 30, 500).astype(float)),
        ('constant', np.full(20, 4.0)),
        ('two values', np.array([1.0, 2.0, 1.0, 2.0, 2.0])),
        ('heavy tails', rng.standard_t(1.5, 400)),
        ('tiny', np.array([0.5])),
        ('skewed', rng.exponential(1.0, 333)),
    ]
    for name, values in inputs:
        edges = {str(bins): [float(x) for x in np.histogram_bin_edges(values, bins)]
                 for bins in [1, 7, 10, 'sturges', 'fd', 'auto']}
        cases.append({'name': name, 'values': [float(x) for x in values], 'edges': edges})
    write('bin_edges.json', {'cases': cases})


def detect_drift():
    """Expected scores for detectDrift's default choice on each branch of the table."""
    cases = []

    def binned_shares(ref, cur):
        if len(np.unique(ref)) > 20:
            edges = np.histogram_bin_edges(np.concatenate([ref, cur]), 'sturges')
            return np.histogram(ref, edges)[0], np.histogram(cur, edges)[0]
        keys = np.union1d(ref, cur)
        return (np.array([np.sum(ref == k) for k in keys]), np.array([np.sum(cur == k) for k in keys]))

    def add(name, ref_spec, cur_spec, kind, method, forced=False):
        _, ref = sample_spec(ref_spec)
        _, cur = sample_spec(cur_spec)
        if method == 'ks':
            score = stats.ks_2samp(ref, cur).pvalue
        elif method == 'chisquare':
            keys = np.union1d(ref, cur)
            table = np.array([[np.sum(ref == k) for k in keys], [np.sum(cur == k) for k in keys]])
            score = stats.chi2_contingency(table, correction=False).pvalue
        elif method == 'z':
            key = np.min(np.union1d(ref, cur))
            s1, s2 = np.sum(ref == key), np.sum(cur == key)
            pooled = (s1 + s2) / (len(ref) + len(cur))
            z = (s1 / len(ref) - s2 / len(cur)) / np.sqrt(pooled * (1 - pooled) * (1 / len(ref) + 1 / len(cur)))
            score = 2 * stats.norm.sf(abs(z))
        elif method == 'wasserstein':
            score = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        elif method == 'jensenshannon':
            r, c = binned_shares(ref, cur)
            score = distance.jensenshannon(r, c)
        else:
            raise ValueError(method)
        cases.append({'name': name, 'reference': ref_spec, 'current': cur_spec, 'kind': kind,
                      'method': method, 'forced': forced,
                      'score': float(score)})

    def ints(n, modulus, seed, shift=0.0):
        return recipe('integers', n, seed, modulus=modulus, shift=shift)

    add('1000 rows numerical 6 unique -> ks', ints(1000, 6, 40), ints(800, 6, 41), 'numerical', 'ks')
    add('1000 rows numerical 5 unique -> chisquare', ints(1000, 5, 42), ints(800, 5, 43), 'numerical', 'chisquare')
    add('1000 rows 3 unique -> chisquare', ints(1000, 3, 44), ints(700, 3, 45), 'numerical', 'chisquare')
    add('1000 rows 2 unique -> z', ints(1000, 2, 46), ints(900, 2, 47), 'numerical', 'z')
    add('1000 rows categorical 6 unique -> chisquare', ints(1000, 6, 48), ints(900, 6, 49), 'categorical', 'chisquare')
    add('1001 rows numerical 6 unique -> wasserstein', ints(1001, 6, 50), ints(900, 6, 51), 'numerical', 'wasserstein')
    add('1001 rows numerical 5 unique -> jensenshannon', ints(1001, 5, 52), ints(900, 5, 53), 'numerical', 'jensenshannon')
    add('20 unique reference values -> per-value bins', ints(1001, 20, 54), ints(1200, 20, 55, shift=0.5),
        'numerical', 'jensenshannon', forced=True)
    add('21 unique reference values -> sturges bins', ints(1001, 21, 56), ints(1200, 21, 57, shift=0.5),
        'numerical', 'jensenshannon', forced=True)
    add('categorical 1001 rows -> jensenshannon', ints(1001, 8, 62), ints(1000, 8, 63), 'categorical', 'jensenshannon')
    add('2000 rows continuous -> wasserstein', recipe('normal', 2000, 58), recipe('normal', 1500, 59, shift=0.2),
        'numerical', 'wasserstein')
    add('500 rows continuous -> ks', recipe('normal', 500, 60), recipe('normal', 400, 61, shift=0.2),
        'numerical', 'ks')
    write('detect.json', {'cases': cases})


def bucket_drift():
    """Classic histogram buckets: cumulative counts at le bounds, +Inf last."""
    cases = []
    bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, math.inf]
    pairs = [
        ('latency shift', rng.lognormal(-3, 1, 5000), rng.lognormal(-2.6, 1.1, 4000)),
        ('same distribution', rng.lognormal(-2, 1, 3000), rng.lognormal(-2, 1, 3500)),
        ('empty buckets', rng.uniform(0.02, 0.2, 800), rng.uniform(0.06, 0.6, 900)),
        ('heavy tail', np.abs(rng.standard_cauchy(2000)) * 0.05, np.abs(rng.standard_cauchy(2000)) * 0.08),
    ]
    for name, ref, cur in pairs:
        def cumulative(values):
            return [float(np.sum(values <= le)) for le in bounds]
        ref_cum, cur_cum = cumulative(ref), cumulative(cur)
        r = np.diff(np.concatenate([[0.0], ref_cum]))
        c = np.diff(np.concatenate([[0.0], cur_cum]))
        rs, cs = fill_shares(r), fill_shares(c)
        p_, q_ = r / r.sum(), c / c.sum()
        cases.append({
            'name': name,
            'reference': [{'le': 'Infinity' if le == math.inf else le, 'count': n} for le, n in zip(bounds, ref_cum)],
            'current': [{'le': 'Infinity' if le == math.inf else le, 'count': n} for le, n in zip(bounds, cur_cum)],
            'psi': float(np.sum((rs - cs) * np.log(rs / cs))),
            'jensenshannon': float(distance.jensenshannon(r, c)),
            'hellinger': float(np.sqrt(np.sum((np.sqrt(p_) - np.sqrt(q_)) ** 2)) / np.sqrt(2)),
            'ks': float(np.max(np.abs(np.cumsum(p_) - np.cumsum(q_)))),
        })
    write('buckets.json', {'cases': cases})


if __name__ == '__main__':
    os.makedirs(OUT_DIR, exist_ok=True)
    ks_and_wasserstein()
    kstwo_survival()
    count_distances()
    z_tests()
    bin_edges()
    detect_drift()
    bucket_drift()
