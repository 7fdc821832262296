#!/usr/bin/env python3
"""Reference vectors for the runner's port of MINPACK-2 dcsrch/dcstep (packages/runner/src/linalg/
line-search.ts): the trial steps SciPy's own dcsrch (the Fortran L-BFGS-B line search) proposes
on a few one-dimensional functions, with L-BFGS-B's constants. Not part of the product.

usage: python3 scripts/reference/line_search_refs.py   (writes packages/runner/test-vectors/line-search/refs.json)
"""
import json
import math
import os

import numpy as np
from scipy.optimize import _minpack2 as minpack2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'packages', 'runner', 'test-vectors', 'line-search')

def mt1(a, b=2.0):
    return -a / (a * a + b), (a * a - b) / (a * a + b) ** 2


def mt2(a, b=0.004):
    return (a + b) ** 5 - 2 * (a + b) ** 4, 5 * (a + b) ** 4 - 8 * (a + b) ** 3


def mt3(a, l=39.0, beta=0.01):
    # φ0(α) = 1 − α for α ≤ 1 − β, α − 1 for α ≥ 1 + β, quadratic between; plus 2(1−β)/(lπ)·sin(lπα/2).
    if a <= 1 - beta:
        p, dp = 1 - a, -1.0
    elif a >= 1 + beta:
        p, dp = a - 1, 1.0
    else:
        p, dp = (a - 1) ** 2 / (2 * beta) + beta / 2, (a - 1) / beta
    c = 2 * (1 - beta) / (l * math.pi)
    return p + c * math.sin(l * math.pi * a / 2), dp + c * (l * math.pi / 2) * math.cos(l * math.pi * a / 2)


rng = np.random.RandomState(3)
LOGI = [(float(z), float(dz), float(y)) for z, dz, y in zip(rng.randn(40), rng.randn(40) * 3, rng.choice([-1.0, 1.0], 40))]


def logistic(a):
    """Σ log(1 + exp(−y·(z0 + a·dz))) and its derivative, overflow-free."""
    f = g = 0.0
    for z0, dz, y in LOGI:
        m = y * (z0 + a * dz)
        f += max(-m, 0.0) + math.log1p(math.exp(-abs(m)))
        sig = 1 / (1 + math.exp(-m)) if m >= 0 else math.exp(m) / (1 + math.exp(m))
        g += -y * dz * (1 - sig)
    return f, g


if logistic(0.0)[1] > 0:  # make the line a descent direction at 0
    LOGI = [(z, -dz, y) for z, dz, y in LOGI]


def quadratic(a):
    return 1.5 * (a - 0.7) ** 2 - 1.5 * 0.49, 3.0 * (a - 0.7)


FUNCTIONS = {'mt1': mt1, 'mt2': mt2, 'mt3': mt3, 'logistic': logistic, 'quadratic': quadratic}


def search(name, stp0, ftol=1e-3, gtol=0.9, xtol=0.1, stpmax=1e10, max_evals=20):
    fun = FUNCTIONS[name]
    f, g = fun(0.0)
    isave = np.zeros((2,), np.intc)
    dsave = np.zeros((13,), float)
    task = b'START'
    stp = stp0
    steps = []
    stp, f, g, task = minpack2.dcsrch(stp, f, g, ftol, gtol, xtol, task, 0.0, stpmax, isave, dsave)
    while task[:2] == b'FG' and len(steps) < max_evals:
        steps.append(stp)
        f, g = fun(stp)
        stp, f, g, task = minpack2.dcsrch(stp, f, g, ftol, gtol, xtol, task, 0.0, stpmax, isave, dsave)
    return {'function': name, 'stp0': stp0, 'steps': steps, 'final': stp, 'task': task.decode().strip()}


def main():
    cases = [search(name, stp0) for name in ['mt1', 'mt2', 'logistic', 'quadratic'] for stp0 in [1e-3, 1e-1, 1.0, 10.0, 1e3]]
    cases += [search('mt3', stp0) for stp0 in [1e-3, 1e-1, 1.0, 10.0]]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'refs.json'), 'w') as f:
        json.dump({'logistic': LOGI, 'cases': cases}, f, indent=1)
    print(f'{len(cases)} searches written to {OUT}')


if __name__ == '__main__':
    main()
