#!/usr/bin/env python3
"""Tables of an end-to-end run (results.tsv written by run.sh): one per GC set and endpoint.

Every figure is the median over the rounds with its spread (min-max) beside it; figures relative to another mode
(+CPU, ratios) are computed within each round (the modes of one round ran under the same conditions), then their
median is taken, and the per-round values are listed too.

    python3 xray-benchmarks/e2e/summarize.py xray-benchmarks/e2e/results/<date-time>/results.tsv
"""
import csv
import statistics
import sys
from collections import defaultdict

KNOWN_MODES = ('untraced', 'floor', 'aws', 'starter')
NUMBERS = ('requests', 'seconds', 'rps', 'p50_us', 'p99_us', 'cpu_us_per_req', 'user_us_per_req', 'sys_us_per_req',
           'ctxsw_per_req', 'alloc_bytes_per_req', 'gc_per_kreq', 'gc_ms_per_kreq', 'jit_us_per_req', 'errors',
           'steal_pct')
# figures per request: the slices of a run add up to their requests-weighted mean
PER_REQUEST = ('cpu_us_per_req', 'user_us_per_req', 'sys_us_per_req', 'ctxsw_per_req', 'alloc_bytes_per_req',
               'gc_per_kreq', 'gc_ms_per_kreq', 'jit_us_per_req')


def load(path):
    """The rows of results.tsv, the slices of one measured run (run.sh with SLICES > 1) added up into one row."""
    runs = {}
    for row in csv.DictReader(open(path), delimiter='\t'):
        row.setdefault('gc', 'default')
        for key in NUMBERS:
            if row.get(key) not in (None, ''):
                row[key] = float(row[key])
            else:
                row[key] = None
        runs.setdefault((row['round'], row['gc'], row['mode'], row['endpoint']), []).append(row)
    return [combine(slices) for slices in runs.values()]


def combine(slices):
    if len(slices) == 1:
        return slices[0]
    row = dict(slices[0])
    requests = sum(s['requests'] for s in slices)
    seconds = sum(s['seconds'] for s in slices)
    row['requests'], row['seconds'], row['rps'] = requests, seconds, requests / seconds
    for key in PER_REQUEST:
        values = [(s[key], s['requests']) for s in slices if s[key] is not None]
        row[key] = sum(v * n for v, n in values) / sum(n for _, n in values) if values else None
    row['p50_us'] = statistics.median(s['p50_us'] for s in slices)  # the median slice's median
    row['p99_us'] = max(s['p99_us'] for s in slices)  # the worst slice's
    row['errors'] = sum(s['errors'] or 0 for s in slices)
    steal = [(s['steal_pct'], s['seconds']) for s in slices if s['steal_pct'] is not None]
    row['steal_pct'] = sum(v * t for v, t in steal) / sum(t for _, t in steal) if steal else None
    row['slices'] = len(slices)
    return row


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values, pattern):
    values = [v for v in values if v is not None]
    if not values:
        return 'n/a'
    m = statistics.median(values)
    if len(values) == 1:
        return pattern.format(m)
    return '%s (%s–%s)' % (pattern.format(m), pattern.format(min(values)), pattern.format(max(values)))


def per_round(by, gc, endpoint, mode, fn):
    out = []
    for rnd in sorted(by[(gc, endpoint, mode)], key=int):
        row = by[(gc, endpoint, mode)][rnd]
        base = {m: by[(gc, endpoint, m)].get(rnd) for m in KNOWN_MODES}
        try:
            out.append(fn(row, base))
        except (TypeError, KeyError, ZeroDivisionError):
            out.append(None)
    return out


def added(row, base):
    return row['cpu_us_per_req'] - base['untraced']['cpu_us_per_req']


def ratio(value, reference):
    """value / reference, or None when the reference added nothing (a ratio to zero or less says nothing)."""
    return value / reference if reference > 0 else None


def added_without_jit(row, base):
    """+CPU without the JIT compiler threads' CPU on either side: warm-up that was not over, not a cost per request."""
    untraced = base['untraced']
    return (row['cpu_us_per_req'] - row['jit_us_per_req']) - (untraced['cpu_us_per_req'] - untraced['jit_us_per_req'])


def main(path):
    rows = load(path)
    by = defaultdict(dict)  # (gc, endpoint, mode) -> round -> row
    gcs, endpoints, modes = [], [], []
    for row in rows:
        by[(row['gc'], row['endpoint'], row['mode'])][row['round']] = row
        for value, seen in ((row['gc'], gcs), (row['endpoint'], endpoints), (row['mode'], modes)):
            if value not in seen:
                seen.append(value)
    order = [m for m in KNOWN_MODES if m in modes] + [m for m in modes if m not in KNOWN_MODES]
    rounds = len({r['round'] for r in rows})
    slices = max(r.get('slices', 1) for r in rows)
    if slices > 1:
        print('Each measured run in %d slices taking turns with the other modes\' (run.sh SLICES), added up.\n' % slices)
    print('Medians over %d round(s), with the spread (min–max) over the rounds. "+CPU" is CPU per request minus '
          'untraced\'s in the same round (per round, in round order, then the median); ratios are computed within '
          'each round, then the median is taken (a round whose reference mode added no CPU gives no ratio). CPU is the whole JVM\'s (every thread), split into user and '
          'system time; "ctx sw" counts the context switches of all its threads per request; "B alloc" is what '
          'all its threads allocated per request (heap bytes, exact); "GCs" the collections (pauses) per 1000 requests; '
          '"JIT" the part of the CPU that the JIT compiler threads used (warm-up not yet over; n/a in runs before it '
          'was recorded); "steal" the share of the machine\'s CPU time the hypervisor gave to others during the run (n/a '
          'before it was recorded).\n' % rounds)
    for gc in gcs:
        for endpoint in endpoints:
            print('### GET /%s, GC set `%s`\n' % (endpoint, gc))
            print('| mode | req/s | p50 (µs) | p99 (µs) | CPU µs/req | user µs/req | sys µs/req | JIT µs/req | ctx sw/req '
                  '| B alloc/req | GCs/1000 req | steal % | +CPU µs/req | +CPU per round | req/s vs floor | +CPU vs floor '
                  '| +CPU vs aws |')
            print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|')
            for mode in order:
                runs = by.get((gc, endpoint, mode))
                if not runs:
                    continue
                values = list(runs.values())

                def col(key, pattern):
                    return spread([r.get(key) for r in values], pattern)

                adds = per_round(by, gc, endpoint, mode, added)
                vs_floor = per_round(by, gc, endpoint, mode, lambda r, b: r['rps'] / b['floor']['rps'])
                add_vs_floor = per_round(by, gc, endpoint, mode, lambda r, b: ratio(added(r, b), added(b['floor'], b)))
                add_vs_aws = per_round(by, gc, endpoint, mode, lambda r, b: ratio(added(r, b), added(b['aws'], b)))
                untraced = mode == 'untraced'
                print('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                    mode, col('rps', '{:.0f}'), col('p50_us', '{:.0f}'), col('p99_us', '{:.0f}'),
                    col('cpu_us_per_req', '{:.1f}'), col('user_us_per_req', '{:.1f}'),
                    col('sys_us_per_req', '{:.1f}'), col('jit_us_per_req', '{:.1f}'), col('ctxsw_per_req', '{:.2f}'),
                    col('alloc_bytes_per_req', '{:.0f}'), col('gc_per_kreq', '{:.2f}'), col('steal_pct', '{:.1f}'),
                    'n/a' if untraced else spread(adds, '{:+.1f}'),
                    'n/a' if untraced else ', '.join('n/a' if v is None else '%+.1f' % v for v in adds),
                    spread(vs_floor, '{:.1%}'),
                    'n/a' if untraced or mode == 'floor' else spread(add_vs_floor, '{:.2f}x'),
                    'n/a' if untraced or mode == 'aws' else spread(add_vs_aws, '{:.2f}x')))
            if ('starter' in modes and 'floor' in modes and by.get((gc, endpoint, 'starter'))
                    and by.get((gc, endpoint, 'floor'))):
                f = med(per_round(by, gc, endpoint, 'starter', lambda r, b: ratio(added(r, b), added(b['floor'], b))))
                a = med(per_round(by, gc, endpoint, 'starter', lambda r, b: ratio(added(r, b), added(b['aws'], b))))
                v = med(per_round(by, gc, endpoint, 'starter', lambda r, b: r['rps'] / b['floor']['rps']))
                print('\nGoals (issue 15), starter: +CPU at most 1.5x the floor\'s: %s; at most half the AWS SDK\'s: '
                      '%s; req/s at least 95%% of the floor\'s: %s.' % (
                          'n/a' if f is None else '%.2fx %s' % (f, 'met' if f <= 1.5 else 'NOT met'),
                          'n/a' if a is None else '%.2fx %s' % (a, 'met' if a <= 0.5 else 'NOT met'),
                          'n/a' if v is None else '%.1f%% %s' % (v * 100, 'met' if v >= 0.95 else 'NOT met')))
                fj = med(per_round(by, gc, endpoint, 'starter',
                                   lambda r, b: ratio(added_without_jit(r, b), added_without_jit(b['floor'], b))))
                aj = med(per_round(by, gc, endpoint, 'starter',
                                   lambda r, b: ratio(added_without_jit(r, b), added_without_jit(b['aws'], b))))
                if fj is not None and aj is not None:
                    adds = per_round(by, gc, endpoint, 'starter', added_without_jit)
                    print('Without the JIT compiler threads\' CPU (same rounds): starter +CPU %s µs per request '
                          '(%s), %.2fx the floor\'s, %.2fx the AWS SDK\'s.' % (
                              spread(adds, '{:+.1f}'), ', '.join('%+.1f' % v for v in adds if v is not None), fj, aj))
            print()


if __name__ == '__main__':
    main(sys.argv[1])
