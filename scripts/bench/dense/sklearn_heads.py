#!/usr/bin/env python3
"""Reference for the dense benchmark: scikit-learn's LogisticRegression (lbfgs, multinomial,
max_iter 100, the paper's linear-probe solver) fitted on the exact training design a dense probe
built (standardised rows, labels, L2 strength λ, C = 1/λ). Prints JSON: fit seconds, iterations
and the objective Σ CE + ½λ‖W‖² at its solution, comparable with the runner's `loss`.

Usage: python3 sklearn_heads.py X.npy LABELS.npy L2 THREADS
"""
import json
import os
import sys
import time

threads = sys.argv[4] if len(sys.argv) > 4 else '2'
for var in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[var] = threads

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

x = np.load(sys.argv[1])
y = np.load(sys.argv[2])
l2 = float(sys.argv[3])
t0 = time.perf_counter()
clf = LogisticRegression(C=1.0 / l2, solver='lbfgs', max_iter=100, tol=1e-4)
clf.fit(x, y)
seconds = time.perf_counter() - t0
z = x.astype(np.float64) @ clf.coef_.T + clf.intercept_
z -= z.max(axis=1, keepdims=True)
logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
ce = -logp[np.arange(len(y)), np.searchsorted(clf.classes_, y)].sum()
# scikit-learn's multinomial coef_ is centred across classes only when every class is present;
# the objective is invariant to that, so it is compared as is.
objective = ce + 0.5 * l2 * float((clf.coef_ ** 2).sum())
print(json.dumps({'seconds': seconds, 'iterations': int(np.max(clf.n_iter_)), 'objective': float(objective), 'classes': int(len(clf.classes_))}))
