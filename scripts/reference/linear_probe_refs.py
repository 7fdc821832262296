#!/usr/bin/env python3
"""Reference vectors for the runner's linear probe, computed with Debian's scikit-learn.

Run from the repository root:  /usr/bin/python3 scripts/reference/linear_probe_refs.py
Writes packages/runner/test-vectors/linear-probe/ (committed): small seeded problems as .npy
and refs.json with
  - optimum loss and weights at fixed L2 (tight tolerance: the true optimum),
  - the paper's grid search (ssl-transfer linear.py: one LogisticRegression(solver="lbfgs",
    multi_class="multinomial", warm_start=True) refitted for each C = 1/wd, wd in
    logspace(-6, 5, 45)), its selected grid point, validation scores and test score,
  - the random 20% validation split of np.random.seed(0) + np.random.shuffle,
  - metric vectors: VOC devkit 11-point AP, 15-bin ECE, temperature scaling.
"""
import json
import os

import numpy as np
import sklearn
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.linear_model import LogisticRegression

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'packages', 'runner', 'test-vectors', 'linear-probe')
GRID = np.logspace(-6, 5, 45)


def make_multilabel(rng, n, d, k):
    w = rng.normal(size=(d, k))
    x = rng.normal(size=(n, d)).astype(np.float32)
    y = ((x @ w + rng.normal(size=(n, k)) * 2.0) > 1.0).astype(np.uint8)
    return x, y


def objective_multinomial(clf, x, y, wd):
    z = x.astype(np.float64) @ clf.coef_.T + clf.intercept_
    k = z.shape[1]
    if k == 1:  # binary multinomial: sklearn stores the class-1 row w1; w0 = -w1 at the optimum
        z = np.hstack([-z, z])
        w2 = 2 * np.sum(clf.coef_ ** 2)
    else:
        w2 = np.sum(clf.coef_ ** 2)
    return float(-log_softmax(z, axis=1)[np.arange(len(y)), y].sum() + 0.5 * wd * w2)


def voc11_ap(scores, positives):
    """VOCdevkit VOCevalcls.m, 11-point interpolated AP."""
    order = np.argsort(-scores, kind='stable')
    tp = np.cumsum(positives[order] > 0)
    fp = np.cumsum(positives[order] <= 0)
    rec = tp / max(1, np.sum(positives > 0))
    prec = tp / (tp + fp)
    ap = 0.0
    for t in np.linspace(0, 1, 11):
        p = prec[rec >= t - 1e-12]
        ap += (p.max() if p.size else 0.0) / 11
    return float(ap)


def ece(probs, labels, bins=15):
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    b = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for i in range(bins):
        m = b == i
        if m.any():
            total += abs((pred[m] == labels[m]).sum() - conf[m].sum())
    return float(100 * total / len(labels))


def fit_temperature(logits, labels):
    def nll(logt):
        return -log_softmax(logits / np.exp(logt), axis=1)[np.arange(len(labels)), labels].mean()
    return float(np.exp(minimize_scalar(nll, bounds=(-7, 7), method='bounded', options={'xatol': 1e-8}).x))


def score(metric, clf, x, y):
    if metric == 'top1':
        return 100.0 * clf.score(x, y)
    pred = clf.predict(x)
    per = [np.mean(pred[y == c] == c) for c in np.unique(y)]
    return 100.0 * float(np.mean(per))


def paper_grid(metric, xtr, ytr, xval, yval, xte, yte):
    """ssl-transfer linear.py, single-label: one warm-started classifier through the grid."""
    clf = LogisticRegression(solver='lbfgs', multi_class='multinomial', warm_start=True)
    best, best_c, scores = 0, None, []
    for wd in GRID:
        clf.set_params(C=1.0 / wd)
        clf.fit(xtr, ytr)
        s = score(metric, clf, xval, yval)
        scores.append(s)
        if s > best:
            best, best_c = s, 1.0 / wd
    clf.set_params(C=best_c)
    clf.fit(np.vstack([xtr, xval]), np.concatenate([ytr, yval]))
    return {
        'valScores': scores,
        'chosenIndex': int(np.argmin(np.abs(GRID - 1.0 / best_c))),
        'testScore': score(metric, clf, xte, yte),
        'eceBefore': ece(clf.predict_proba(xte), yte),
    }


def paper_grid_map(xtr, ytr, xval, yval, xte, yte):
    clf = LogisticRegression(solver='lbfgs', multi_class='multinomial', warm_start=True)
    k = ytr.shape[1]

    def map11(xa, ya, xb, yb):
        aps = []
        for c in range(k):
            clf.fit(xa, ya[:, c])
            aps.append(voc11_ap(clf.decision_function(xb), yb[:, c]))
        return 100.0 * float(np.mean(aps))

    best, best_c, scores = 0, None, []
    for wd in GRID:
        clf.set_params(C=1.0 / wd)
        s = map11(xtr, ytr, xval, yval)
        scores.append(s)
        if s > best:
            best, best_c = s, 1.0 / wd
    clf.set_params(C=best_c)
    test = map11(np.vstack([xtr, xval]), np.vstack([ytr, yval]), xte, yte)
    return {'valScores': scores, 'chosenIndex': int(np.argmin(np.abs(GRID - 1.0 / best_c))), 'testScore': test}


def optimum(x, y, wd):
    clf = LogisticRegression(solver='lbfgs', multi_class='multinomial', C=1.0 / wd, tol=1e-10, max_iter=100000)
    clf.fit(x, y)
    return clf, objective_multinomial(clf, x, y, wd)


def save(name, arr):
    np.save(os.path.join(OUT, name), arr)


def main():
    os.makedirs(OUT, exist_ok=True)
    refs = {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'grid': GRID.tolist()}

    # Single-label problem with its own validation split.
    d, k = 16, 5
    # One set of class centres shared by the three splits.
    centers_rng = np.random.default_rng(7)
    centers = centers_rng.normal(size=(k, d)) * 0.6
    splits = {}
    for split, n, seed in (('train', 240, 10), ('val', 80, 11), ('test', 200, 12)):
        r = np.random.default_rng(seed)
        y = r.integers(0, k, size=n).astype(np.int32)
        x = (centers[y] + r.normal(size=(n, d))).astype(np.float32)
        save(f'multiclass-{split}-x.npy', x)
        save(f'multiclass-{split}-y.npy', y)
        splits[split] = (x, y)
    (xtr, ytr), (xval, yval), (xte, yte) = splits['train'], splits['val'], splits['test']

    fixed = []
    for wd in (1e-2, 1.0, 30.0):
        clf, loss = optimum(xtr, ytr, wd)
        fixed.append({'l2': wd, 'loss': loss, 'coef': clf.coef_.T.ravel().tolist(), 'intercept': clf.intercept_.tolist()})
    refs['multiclassFixed'] = fixed
    refs['multiclassTop1'] = paper_grid('top1', xtr, ytr, xval, yval, xte, yte)
    refs['multiclassMeanPerClass'] = paper_grid('mean-per-class', xtr, ytr, xval, yval, xte, yte)

    # Same training data without a validation split: the paper's random 20%.
    np.random.seed(0)
    idx = list(range(len(ytr)))
    np.random.shuffle(idx)
    split = int(np.floor(0.2 * len(ytr)))
    val_idx, tr_idx = np.array(idx[:split]), np.array(idx[split:])
    refs['randomSplit'] = {'valIndices': val_idx.tolist(), 'top1': paper_grid('top1', xtr[tr_idx], ytr[tr_idx], xtr[val_idx], ytr[val_idx], xte, yte)}

    # Multi-label problem (VOC-like): per-class binary classifiers, mean 11-point AP. The three
    # splits are consecutive rows of one seeded draw, so they share the labelling weights.
    km = 4
    xmtr, ymtr = make_multilabel(np.random.default_rng(20), 200, d, km)
    xmval, ymval = make_multilabel(np.random.default_rng(20), 280, d, km)
    xmval, ymval = xmval[200:], ymval[200:]
    xmte, ymte = make_multilabel(np.random.default_rng(20), 480, d, km)
    xmte, ymte = xmte[280:], ymte[280:]
    for split, (x, y) in {'train': (xmtr, ymtr), 'val': (xmval, ymval), 'test': (xmte, ymte)}.items():
        save(f'multilabel-{split}-x.npy', x)
        save(f'multilabel-{split}-y.npy', y)
    mfixed = []
    for wd in (0.1, 10.0):
        losses = []
        for c in range(km):
            clf, loss = optimum(xmtr, ymtr[:, c], wd)
            losses.append(loss)
        mfixed.append({'l2': wd, 'lossSum': float(np.sum(losses))})
    refs['multilabelFixed'] = mfixed
    refs['multilabelMap11'] = paper_grid_map(xmtr, ymtr, xmval, ymval, xmte, ymte)

    # Metric vectors.
    mr = np.random.default_rng(99)
    scores = np.round(mr.normal(size=60), 2).astype(np.float32)  # rounding makes some ties
    pos = (mr.random(60) < 0.3).astype(np.uint8)
    logits = (mr.normal(size=(300, 6)) * 3).astype(np.float32)
    labels = np.where(mr.random(300) < 0.7, logits.argmax(axis=1), mr.integers(0, 6, size=300)).astype(np.int32)
    save('metric-scores.npy', scores)
    save('metric-positives.npy', pos)
    save('metric-logits.npy', logits)
    save('metric-labels.npy', labels)
    t = fit_temperature(logits.astype(np.float64), labels)
    refs['metrics'] = {
        'ap11': voc11_ap(scores.astype(np.float64), pos),
        'eceBefore': ece(softmax(logits.astype(np.float64), axis=1), labels),
        'temperature': t,
        'eceAfter': ece(softmax(logits.astype(np.float64) / t, axis=1), labels),
    }

    with open(os.path.join(OUT, 'refs.json'), 'w') as f:
        json.dump(refs, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
