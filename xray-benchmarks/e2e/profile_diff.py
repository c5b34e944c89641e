#!/usr/bin/env python3
"""Reads async-profiler collapsed stacks (profile.sh) per request.

    profile_diff.py [--interval NS] [--tracer starter|aws] A.collapsed REQUESTS_A [B.collapsed REQUESTS_B]

One profile: the CPU sampled per request, the tracer's frames' own share (frames of org.xrayspring, or with
--tracer aws of com.amazonaws, below which the filter chain does not continue, grouped by the outermost such frame
and its callee) and the top frames by self time.
Two profiles: per request, which frames (by self time) B spends more on than A, and less.
"""
import argparse
import collections

CHAIN = ('FilterChain.doFilter', 'DispatcherServlet', 'HttpServlet.service', 'FrameworkServlet', 'BenchController')


def load(path):
    stacks = []
    with open(path) as f:
        for line in f:
            frames, count = line.rstrip('\n').rsplit(' ', 1)
            stacks.append((frames.split(';'), int(count)))
    return stacks


def short(frame):
    return frame.split('/')[-1]


def own_xray(stacks, package='org/xrayspring/'):
    own = collections.Counter()
    for frames, count in stacks:
        xray = [i for i, f in enumerate(frames) if package in f and '/benchmarks/' not in f]
        if not xray:
            continue
        chain = [i for i, f in enumerate(frames) if any(k in f for k in CHAIN)]
        after = [i for i in xray if not chain or i > chain[-1]]
        if not after:
            continue
        first = after[0]
        callee = short(frames[first + 1]) if first + 1 < len(frames) else ''
        own[short(frames[first]) + ' > ' + callee] += count
    return own


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--interval', type=int, default=200000, help='ns of CPU per sample')
    parser.add_argument('--tracer', choices=('starter', 'aws'), default='starter',
                        help="whose frames are the tracer's own: the starter's (org.xrayspring) or the AWS SDK's "
                             '(com.amazonaws)')
    parser.add_argument('args', nargs='+')
    a = parser.parse_args()
    us = a.interval / 1000.0
    if len(a.args) == 2:
        stacks, requests = load(a.args[0]), int(a.args[1])
        total = sum(c for _, c in stacks)
        print('sampled CPU: %.1f us/req' % (total * us / requests))
        own = own_xray(stacks, 'com/amazonaws/' if a.tracer == 'aws' else 'org/xrayspring/')
        print('%s frames: %.1f us/req' % ('AWS SDK' if a.tracer == 'aws' else 'X-Ray',
                                          sum(own.values()) * us / requests))
        for key, count in own.most_common(15):
            print('  %6.2f us/req  %s' % (count * us / requests, key[:160]))
        selfs = collections.Counter()
        for frames, count in stacks:
            selfs[frames[-1]] += count
        print('top frames by self time:')
        for key, count in selfs.most_common(20):
            print('  %6.2f us/req  %s' % (count * us / requests, key[:160]))
        return
    sa, ra, sb, rb = load(a.args[0]), int(a.args[1]), load(a.args[2]), int(a.args[3])
    ca, cb = collections.Counter(), collections.Counter()
    for frames, count in sa:
        ca[frames[-1]] += count
    for frames, count in sb:
        cb[frames[-1]] += count
    print('sampled CPU: A %.1f, B %.1f us/req' % (sum(ca.values()) * us / ra, sum(cb.values()) * us / rb))
    delta = {k: cb[k] * us / rb - ca[k] * us / ra for k in set(ca) | set(cb)}
    ranked = sorted(delta, key=lambda k: -delta[k])
    print('B spends more (us/req: A, B, difference):')
    for key in ranked[:25]:
        print('  %6.2f %6.2f %+6.2f  %s' % (ca[key] * us / ra, cb[key] * us / rb, delta[key], key[:150]))
    print('B spends less:')
    for key in ranked[-10:]:
        print('  %6.2f %6.2f %+6.2f  %s' % (ca[key] * us / ra, cb[key] * us / rb, delta[key], key[:150]))


if __name__ == '__main__':
    main()
