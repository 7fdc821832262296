"""Reference numbers for packages/suite/src/statistics.test.ts (run: python3 scripts/reference/statistics_refs.py).

A small hand-made example of the paper's analysis (Ericsson et al., CVPR 2021, sec. 4): ImageNet
top-1 and two tasks of one category for seven models. x = logit(top1/100); y = mean over the
category's tasks of logit(accuracy/100); Pearson and Spearman by scipy; a 95% percentile
bootstrap over models with the same mulberry32 draws as the TypeScript code (seed 2021, 1000 draws).
The printed values are pasted into the test as literals.
"""
import numpy as np
from scipy import stats

TOP1 = [60.6, 67.7, 71.1, 74.3, 75.3, 75.3, 77.2]
TASK_A = [71.2, 76.5, 80.1, 79.0, 85.3, 84.9, 83.0]
TASK_B = [55.0, 58.5, 61.2, 66.6, 64.0, 67.1, 60.3]


def logit(p):
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def rand():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rand


def bootstrap(fn, x, y, draws=1000, seed=2021, level=0.95):
    rand = mulberry32(seed)
    n = len(x)
    out = []
    for _ in range(draws):
        idx = [int(np.floor(rand() * n)) for _ in range(n)]
        bx, by = x[idx], y[idx]
        if np.all(bx == bx[0]) or np.all(by == by[0]):
            continue
        out.append(fn(bx, by))
    alpha = (1 - level) / 2
    return np.quantile(out, alpha), np.quantile(out, 1 - alpha)


x = logit(np.array(TOP1) / 100)
y = (logit(np.array(TASK_A) / 100) + logit(np.array(TASK_B) / 100)) / 2
pearson = lambda a, b: stats.pearsonr(a, b)[0]
spearman = lambda a, b: stats.spearmanr(a, b)[0]
rand = mulberry32(2021)
print("first mulberry32(2021) draws:", [repr(rand()) for _ in range(3)])
print("x =", [float(v) for v in x])
print("y =", [float(v) for v in y])
print("pearson =", float(pearson(x, y)), "ci =", [float(v) for v in bootstrap(pearson, x, y)])
print("spearman =", float(spearman(x, y)), "ci =", [float(v) for v in bootstrap(spearman, x, y)])
