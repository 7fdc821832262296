#!/usr/bin/env python3
"""Reference vectors for the runner's few-shot protocol (ssl-transfer few_shot.py, ProtoNet).

Run from the repository root:  /usr/bin/python3 scripts/reference/few_shot_refs.py
Writes packages/runner/test-vectors/few-shot/ (committed). Episodes are drawn with the runner's
documented sampler, written here with NumPy's legacy RandomState (the same MT19937 stream):
classes = partial Fisher-Yates over the eligible classes, then per class a partial
Fisher-Yates over its examples; first K support, next Q queries. Accuracy uses the paper's
distance code (sum of squared differences, argmin) and np.std (population).
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'packages', 'runner', 'test-vectors', 'few-shot')


def partial_shuffle(rs, a, k):
    m = len(a)
    for i in range(k):
        j = i + (rs.randint(0, m - i) if m - 1 - i > 0 else 0)
        a[i], a[j] = a[j], a[i]


def run(x, y, ways, shots, queries, episodes, seed):
    rs = np.random.RandomState(seed)
    classes = sorted(set(y.tolist()))
    pools = {c: [i for i in range(len(y)) if y[i] == c] for c in classes}
    # Eligible classes in order of first appearance, as the runner groups them.
    first_seen = []
    for c in y.tolist():
        if c not in first_seen:
            first_seen.append(c)
    eligible = [c for c in first_seen if len(pools[c]) >= shots + queries]
    accs = []
    for _ in range(episodes):
        partial_shuffle(rs, eligible, ways)
        chosen = []
        for w in range(ways):
            pool = pools[eligible[w]]
            partial_shuffle(rs, pool, shots + queries)
            chosen.append(list(pool[: shots + queries]))
        protos = np.stack([x[c[:shots]].astype(np.float64).mean(0) for c in chosen])
        correct = 0
        for w, c in enumerate(chosen):
            q = x[c[shots:]].astype(np.float64)
            dist = ((q[:, None, :] - protos[None, :, :]) ** 2).sum(2)
            correct += int((dist.argmin(1) == w).sum())
        accs.append(100.0 * correct / (ways * queries))
    accs = np.array(accs)
    return {'accuracy': float(accs.mean()), 'std': float(np.std(accs)), 'ci95': float(1.96 * np.std(accs) / np.sqrt(episodes)), 'eligible': len(eligible)}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(600)
    counts = [40, 60, 45, 80, 19, 50, 70, 41, 36, 90]  # class 4 has too few for 5 shots + 15 queries
    d = 24
    centers = rng.normal(size=(len(counts), d)) * 0.8
    y = np.concatenate([np.full(c, k) for k, c in enumerate(counts)]).astype(np.int32)
    perm = rng.permutation(len(y))
    y = y[perm]
    x = (centers[y] + rng.normal(size=(len(y), d))).astype(np.float32)
    np.save(os.path.join(OUT, 'x.npy'), x)
    np.save(os.path.join(OUT, 'y.npy'), y)
    refs = {
        '5shot': run(x, y, 5, 5, 15, 200, 0),
        '20shot': run(x, y, 5, 20, 15, 200, 7),
    }
    with open(os.path.join(OUT, 'refs.json'), 'w') as f:
        json.dump(refs, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
