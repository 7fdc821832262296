#!/usr/bin/python3
"""The VOC2007 warm-start chain of the paper's linear.py, measured against the runner (not part
of the product).

linear.py fits VOC2007's 20 binary classifiers one after another with one shared
LogisticRegression(solver="lbfgs", multi_class="multinomial", warm_start=True): each class's fit
starts from the previous class's coefficients, and each grid point's first class from the
previous grid point's last class (fit_logistic_regression, metric 'mAP'). The runner fits every
class from its own previous grid fit instead. This script makes VOC-sized multi-label features
(ReLU of class centres plus noise, 1-3 labels per image), writes them as .npy, runs the paper's
loop with scikit-learn, then `transferboard-runner probe linear --metric map11` on the same files,
and prints both selections and test mAPs.

usage: /usr/bin/python3 scripts/bench/probe/voc_chain.py [--d 512] [--seed 0] [--spread 0.1] [--out DIR]
"""
import argparse
import json
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve

warnings.filterwarnings('ignore', category=ConvergenceWarning)
ROOT = Path(__file__).resolve().parents[3]
CLASSES = 20
SIZES = {'train': 2501, 'val': 2510, 'test': 4952}  # VOC2007's classification splits


def make(rng, centres, n, d):
    labels = np.zeros((n, CLASSES), np.uint8)
    x = rng.normal(0, 1.0, (n, d))
    for i in range(n):
        cls = rng.choice(CLASSES, rng.randint(1, 4), replace=False)
        labels[i, cls] = 1
        x[i] += centres[cls].sum(axis=0)
    return np.maximum(x, 0).astype(np.float32), labels


def voc_ap(rec, prec):  # linear.py lines 36-51
    ap = 0.
    for t in np.linspace(0, 1, 11):
        p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
        ap += p / 11.
    return ap


def map11(clf, xa, ya, xb, yb):  # linear.py fit_logistic_regression, metric 'mAP': the chain
    aps = []
    for c in range(CLASSES):
        clf.fit(xa, ya[:, c])
        prec, rec, _ = precision_recall_curve(yb[:, c], clf.decision_function(xb))
        aps.append(voc_ap(rec, prec))
    return 100. * np.mean(aps)


def paper(xtr, ytr, xval, yval, xte, yte):
    clf = LogisticRegression(solver='lbfgs', multi_class='multinomial', warm_start=True)
    grid = np.logspace(-6, 5, 45)
    best, best_i, scores = 0., -1, []
    for i, wd in enumerate(grid):
        clf.set_params(C=1. / wd)
        s = map11(clf, xtr, ytr, xval, yval)
        scores.append(s)
        if s > best:
            best, best_i = s, i
    clf.set_params(C=1. / grid[best_i])
    test = map11(clf, np.vstack([xtr, xval]), np.vstack([ytr, yval]), xte, yte)
    return {'chosenIndex': best_i, 'chosenL2': float(grid[best_i]), 'bestValScore': best, 'testScore': test, 'valScores': scores}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--d', type=int, default=512)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--spread", type=float, default=0.1, help="scale of the class centres: smaller is harder")
    ap.add_argument('--out')
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix='tb-voc-chain-'))
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(args.seed)
    centres = rng.normal(0, args.spread, (CLASSES, args.d))
    data = {s: make(rng, centres, n, args.d) for s, n in SIZES.items()}
    for s, (x, y) in data.items():
        np.save(out / f'{s}-x.npy', x)
        np.save(out / f'{s}-y.npy', y)
    t0 = time.perf_counter()
    ref = paper(*data['train'], *data['val'], *data['test'])
    ref['seconds'] = time.perf_counter() - t0
    cmd = ['node', str(ROOT / 'packages/runner/bin/transferboard-runner.mjs'), 'probe', 'linear', '--metric', 'map11', '--num-classes', str(CLASSES),
           '--train', str(out / 'train-x.npy'), str(out / 'train-y.npy'), '--val', str(out / 'val-x.npy'), str(out / 'val-y.npy'),
           '--test', str(out / 'test-x.npy'), str(out / 'test-y.npy')]
    t0 = time.perf_counter()
    ours = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    seconds = time.perf_counter() - t0
    diffs = [float(abs(p['valScore'] - s)) for p, s in zip(ours['validation'], ref['valScores'])]
    worst = int(np.argmax(diffs))
    print(json.dumps({
        'features': {s: [len(y), args.d] for s, (_, y) in data.items()},
        'paper (scikit-learn chain)': {k: ref[k] for k in ['chosenIndex', 'chosenL2', 'bestValScore', 'testScore', 'seconds']},
        'runner': {'chosenIndex': ours['chosenIndex'], 'chosenL2': ours['chosenL2'], 'bestValScore': ours['bestValScore'], 'testScore': ours['testScore'], 'seconds': seconds},
        'maxValidationDifference': {'points': diffs[worst], 'l2': ours['validation'][worst]['l2'],
                                    'pointsOver1': int(sum(d > 1 for d in diffs)), 'pointsOver0.1': int(sum(d > 0.1 for d in diffs))},
        'testDifference': ours['testScore'] - ref['testScore'],
    }, indent=2))


if __name__ == '__main__':
    main()
