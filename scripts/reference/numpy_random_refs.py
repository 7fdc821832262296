#!/usr/bin/env python3
"""Writes packages/runner/test-vectors/random/numpy-random-reference.json (committed): NumPy legacy
RandomState outputs that numpy-random.test.ts checks the TypeScript port against. Reference
generator only; not part of the product. Run: python3 scripts/reference/numpy_random_refs.py"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[2] / 'packages/runner/test-vectors/random/numpy-random-reference.json'

out = {"numpy": np.__version__, "cases": []}
for seed in [0, 1, 42, 12345, 2**32 - 1]:
    rs = np.random.RandomState(seed)
    case = {"seed": seed}
    case["random"] = [float(v) for v in rs.random_sample(5)]
    case["randint_0_10"] = [int(v) for v in rs.randint(0, 10, 20)]
    case["randint_5_6"] = [int(v) for v in rs.randint(5, 6, 3)]
    case["randint_m3_1000"] = [int(v) for v in rs.randint(-3, 1000, 20)]
    case["choice_467_30"] = [int(v) for v in rs.choice(467, 30)]
    lst = list(range(50))
    rs.shuffle(lst)
    case["shuffle_50"] = lst
    case["permutation_1000_head"] = [int(v) for v in rs.permutation(1000)[:20]]
    case["after"] = [int(v) for v in rs.randint(0, 2**31 - 1, 5)]
    out["cases"].append(case)

# The paper's Caltech-101 draw: np.random.seed(0) once, then for each class (sorted names) a
# choice of 30 indices with replacement into that class's sorted image list.
sizes = [467, 435, 435, 200, 798, 55, 800, 42, 42, 47, 54]
np.random.seed(0)
out["caltech_sizes"] = sizes
out["caltech_draws"] = [[int(v) for v in np.random.choice(n, 30)] for n in sizes]

# The paper's 20% validation split: np.random.seed(0); np.random.shuffle(indices).
for n in [3060, 50000]:
    idx = list(range(n))
    np.random.seed(0)
    np.random.shuffle(idx)
    out[f"val_split_{n}_head"] = idx[:25]
    out[f"val_split_{n}_tail"] = idx[-25:]
OUT.write_text(json.dumps(out) + '\n')
