#!/usr/bin/env python3
"""The paper's linear protocol run by scikit-learn, as ssl-transfer linear.py runs it: the
baseline of scripts/bench/probe/run.ts (not part of the product).

usage: sklearn_sweep.py TRAIN_X TRAIN_Y TEST_X TEST_Y [GRID_SIZE]
One LogisticRegression(solver="lbfgs", multi_class="multinomial", warm_start=True) refitted
for C = 1/wd, wd in logspace(-6, 5, GRID_SIZE) (45 by default), on a validation split of 20%
of train chosen by np.random.seed(0) + np.random.shuffle; refit on all of train with the best
C (continuing from the last fit, as the paper's shared classifier does); top-1 on test.
Prints one JSON object.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings('ignore', category=ConvergenceWarning)


def main():
    xtr, ytr, xte, yte = (np.load(p) for p in sys.argv[1:5])
    grid = np.logspace(-6, 5, int(sys.argv[5]) if len(sys.argv) > 5 else 45)
    t0 = time.perf_counter()
    c0 = time.process_time()
    np.random.seed(0)
    idx = list(range(len(ytr)))
    np.random.shuffle(idx)
    split = int(np.floor(0.2 * len(ytr)))
    val, tr = np.array(idx[:split]), np.array(idx[split:])
    clf = LogisticRegression(solver='lbfgs', multi_class='multinomial', warm_start=True)
    best, best_c, points = 0.0, None, []
    for wd in grid:
        ts = time.perf_counter()
        clf.set_params(C=1.0 / wd)
        clf.fit(xtr[tr], ytr[tr])
        s = 100.0 * clf.score(xtr[val], ytr[val])
        points.append({'l2': float(wd), 'valScore': s, 'iterations': int(clf.n_iter_[0]), 'seconds': time.perf_counter() - ts})
        if s > best:
            best, best_c = s, 1.0 / wd
    t_grid = time.perf_counter() - t0
    clf.set_params(C=best_c)
    clf.fit(xtr, ytr)
    test = 100.0 * clf.score(xte, yte)
    total = time.perf_counter() - t0
    print(json.dumps({'cpuSeconds': time.process_time() - c0, 'chosenL2': 1.0 / best_c, 'bestValScore': best, 'testScore': test, 'gridSeconds': t_grid,
                      'refitSeconds': total - t_grid, 'totalSeconds': total, 'validation': points}))


if __name__ == '__main__':
    main()
