#!/usr/bin/python3
"""Reference vectors for the paper's calibration figures (ECE before / after temperature scaling).

linear.py (linusericsson/ssl-transfer) scores calibration with temperature_scaling.py's
cross_validate_temp_scaling(orig_model, test_loader, batch_size): k=5 folds of the shuffled test
set (np.random.seed(0); np.random.shuffle; torch.tensor(indices).split(int(n / k))[:k]), netcal's
TemperatureScaling fitted on one fold's softmax confidences and netcal's ECE(15) measured on the
other four, averaged. The paper's code pins no netcal version; netcal 1.1.2 (July 2020) is the one
current when it ran. netcal is not packaged for Debian, so its code path for multi-class
confidences is restated below, function by function, from EFS-OpenSource/calibration-framework
tag r1.1.2:
  netcal/AbstractCalibration.py   epsilon = np.finfo(np.float).eps; fit() (num_classes, checks);
                                  _inverse_softmax (clip, log); _nll_loss; _log_likelihood
  netcal/scaling/LogisticCalibration.py   fit(): initial weight 1.0, scipy.optimize.minimize;
                                  _build_data_input; _calculate_logit (one weight: input * w)
  netcal/metrics/Miscalibration.py        _measure(): argmax / max, clip, binned_statistic_dd with
                                  np.linspace(0, 1, bins + 1) edges, sum |acc - conf| * n_b / N
torch's F.softmax gives the float32 confidences (rollout_loader), as in the paper's run.

Writes packages/runner/test-vectors/calibration/{case}-logits.npy (float32 n x k),
{case}-labels.npy (int64) and refs.json (per case: ece, per-fold weight and scaled ECE, their
mean; ECE in percent, as the runner reports it).

Run with Debian's python3 (apt: python3-torch python3-scipy):
  /usr/bin/python3 scripts/reference/calibration_refs.py
"""
import json
from pathlib import Path

import numpy as np
import scipy
import torch
import torch.nn.functional as F
from scipy.optimize import minimize
from scipy.special import softmax as safe_softmax
from scipy.stats import binned_statistic_dd

OUT = Path(__file__).resolve().parents[2] / 'packages/runner/test-vectors/calibration'
EPSILON = np.finfo(np.float64).eps  # AbstractCalibration.epsilon (np.float was float64)


# --- netcal 1.1.2, multi-class confidences (num_classes > 2), restated ----------------------------

def inverse_softmax(confidences):
    clipped = np.clip(confidences, EPSILON, 1. - EPSILON)
    return np.log(clipped)


def nll_loss(logit, ground_truth, num_classes):
    num_samples = ground_truth.shape[0]
    if len(ground_truth.shape) == 1:
        ground_truth = np.eye(num_classes)[ground_truth]
    confidences = safe_softmax(logit, axis=1)
    confidences = np.clip(confidences, EPSILON, 1. - EPSILON)
    confidences = np.clip(confidences, EPSILON, 1. - EPSILON)  # _log_likelihood clips again
    log_likelihood = float(np.sum(np.multiply(ground_truth, np.log(confidences))))
    return -log_likelihood / num_samples


class TemperatureScaling:
    def fit(self, X, y):
        self.num_classes = max(2, X.shape[1])
        assert self.num_classes > 2 and (X >= 0).all() and (X <= 1).all()
        data_input = inverse_softmax(X)
        y = np.eye(self.num_classes)[y]
        result = minimize(fun=lambda w: nll_loss(data_input * w + 0.0, y, self.num_classes), x0=np.array(1.0))
        self._weights = result.x
        return self

    def transform(self, X):
        data_input = inverse_softmax(X)
        return safe_softmax(data_input * self._weights + 0.0, axis=1)


def ece_measure(X, y, bins=15):
    prediction = np.argmax(X, axis=1)
    X = np.reshape(np.max(X, axis=1), (-1, 1))
    X = np.clip(X, EPSILON, 1. - EPSILON)
    matched = prediction == y
    bin_bounds = [np.linspace(0.0, 1.0, bins + 1)]
    acc_hist, _, _ = binned_statistic_dd(X, matched, statistic='mean', bins=bin_bounds)
    conf_hist, _, _ = binned_statistic_dd(X, X[:, 0], statistic='mean', bins=bin_bounds)
    num_samples_hist, _ = np.histogramdd(X, bins=bin_bounds)
    acc_hist, conf_hist, num_samples_hist = [np.nan_to_num(x, nan=0.0) for x in (acc_hist, conf_hist, num_samples_hist)]
    return float(np.sum(np.abs(acc_hist - conf_hist) * num_samples_hist / X.shape[0]))


# --- temperature_scaling.py (ssl-transfer), on a fixed model's logits -----------------------------

def cross_validate_temp_scaling(logits, labels, k=5, seed=0, n_bins=15):
    probs = F.softmax(torch.from_numpy(logits).to(torch.float32), dim=1).numpy()
    num_test = len(labels)
    indices = list(range(num_test))
    np.random.seed(seed)
    np.random.shuffle(indices)
    idxs = torch.tensor(indices).split(int(len(indices) / k))[:k]
    unscaled_ece = ece_measure(probs, labels, n_bins)
    folds = []
    for i in range(k):
        valid_idx = idxs[i].numpy()
        test_idx = torch.cat([t for j, t in enumerate(idxs) if j != i]).numpy()
        ts = TemperatureScaling().fit(probs[valid_idx], labels[valid_idx])
        folds.append({'weight': float(ts._weights[0]), 'ece': 100 * ece_measure(ts.transform(probs[test_idx]), labels[test_idx], n_bins)})
    return {'ece': 100 * unscaled_ece, 'eceTempScaled': float(np.mean([f['ece'] for f in folds])), 'folds': folds}


def make_case(rng, n, k, scale, noise):
    """Logits of a linear model on separable-ish data: overconfident at large `scale`, large gaps clip."""
    labels = rng.randint(0, k, n)
    logits = rng.normal(0, noise, (n, k))
    logits[np.arange(n), labels] += scale * rng.uniform(0.2, 1.0, n)
    flip = rng.rand(n) < 0.15  # some confident mistakes
    logits[flip, (labels[flip] + 1) % k] += scale
    return logits.astype(np.float32), labels.astype(np.int64)


CASES = {
    # name: (seed, n, k, scale, noise)
    'moderate': (1, 1003, 10, 4.0, 1.0),     # n not a multiple of 5: the remainder is left out
    'confident': (2, 600, 5, 60.0, 3.0),     # probabilities underflow: the clipping at eps matters
    'many-classes': (3, 800, 40, 8.0, 1.5),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    refs = {'netcal': '1.1.2 (restated)', 'scipy': scipy.__version__, 'torch': torch.__version__, 'cases': {}}
    for name, (seed, n, k, scale, noise) in CASES.items():
        logits, labels = make_case(np.random.RandomState(seed), n, k, scale, noise)
        np.save(OUT / f'{name}-logits.npy', logits)
        np.save(OUT / f'{name}-labels.npy', labels)
        refs['cases'][name] = {'n': n, 'k': k, **cross_validate_temp_scaling(logits, labels)}
    (OUT / 'refs.json').write_text(json.dumps(refs, indent=2) + '\n')
    print(json.dumps({c: {'ece': v['ece'], 'eceTempScaled': v['eceTempScaled']} for c, v in refs['cases'].items()}))


if __name__ == '__main__':
    main()
