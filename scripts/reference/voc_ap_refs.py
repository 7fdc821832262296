#!/usr/bin/env python3
"""Reference VOC detection APs for packages/runner/src/dense/voc-ap.ts.

Implements the published evaluation algorithm that detectron2's PascalVOCDetectionEvaluator runs
(its `voc_eval`/`voc_ap`, ported from py-faster-rcnn, itself a port of the VOC devkit), on
in-memory arrays instead of text files:

  * ground truth in devkit coordinates (1-based: XML xmin, ymin, xmax, ymax); predictions shifted
    the way detectron2 writes them (xmin + 1, ymin + 1, xmax, ymax);
  * per class: detections sorted by np.argsort(-confidence); each matched to the ground-truth box
    of its image with the largest "+1" overlap; ovmax > thresh → a difficult box is ignored, an
    unmatched box is a true positive, an already matched one a false positive; else false positive;
  * rec = cumsum(tp) / npos, prec = cumsum(tp) / max(cumsum(tp + fp), eps);
  * AP: 11-point (use_07_metric, VOC2007) or area under the precision envelope;
  * thresholds range(50, 100, 5) / 100; AP = mean over thresholds of the class-mean AP * 100.

Not reproduced on purpose (the TypeScript side documents the same): detectron2 rounds scores to
3 decimals and boxes to 1 decimal when writing its temp files; a class with npos = 0 would make
detectron2 return NaN, here it is left out of the class means. Scores are drawn continuous so
argsort's tie order never matters.

Usage: python3 scripts/reference/voc_ap_refs.py  (writes packages/runner/test-vectors/dense/voc_ap_refs.json)
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'runner', 'test-vectors', 'dense', 'voc_ap_refs.json')


def ap_from_curve(rec, prec, use_07_metric):
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap = ap + p / 11.0
        return ap
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])


def class_ap(gts, dets, cls, ovthresh, use_07_metric):
    """gts: list of images {boxes (0-based), labels, difficult}; dets: list of (image, label, score, box)."""
    recs = {}
    npos = 0
    for idx, g in enumerate(gts):
        sel = [k for k, l in enumerate(g['labels']) if l == cls]
        bbox = np.array([[g['boxes'][k][0] + 1, g['boxes'][k][1] + 1, g['boxes'][k][2], g['boxes'][k][3]] for k in sel], dtype=float)
        difficult = np.array([g['difficult'][k] for k in sel]).astype(bool)
        npos += int(np.sum(~difficult))
        recs[idx] = {'bbox': bbox, 'difficult': difficult, 'det': [False] * len(sel)}
    if npos == 0:
        return None
    mine = [d for d in dets if d['label'] == cls]
    image_ids = [d['image'] for d in mine]
    confidence = np.array([d['score'] for d in mine], dtype=float)
    BB = np.array([[d['box'][0] + 1, d['box'][1] + 1, d['box'][2], d['box'][3]] for d in mine], dtype=float).reshape(-1, 4)
    order = np.argsort(-confidence)
    BB = BB[order, :]
    image_ids = [image_ids[x] for x in order]
    nd = len(image_ids)
    tp = np.zeros(nd)
    fp = np.zeros(nd)
    for d in range(nd):
        R = recs[image_ids[d]]
        bb = BB[d, :]
        ovmax = -np.inf
        G = R['bbox']
        if G.size > 0:
            iw = np.maximum(np.minimum(G[:, 2], bb[2]) - np.maximum(G[:, 0], bb[0]) + 1.0, 0.0)
            ih = np.maximum(np.minimum(G[:, 3], bb[3]) - np.maximum(G[:, 1], bb[1]) + 1.0, 0.0)
            inters = iw * ih
            uni = (bb[2] - bb[0] + 1.0) * (bb[3] - bb[1] + 1.0) + (G[:, 2] - G[:, 0] + 1.0) * (G[:, 3] - G[:, 1] + 1.0) - inters
            overlaps = inters / uni
            ovmax = np.max(overlaps)
            jmax = np.argmax(overlaps)
        if ovmax > ovthresh:
            if not R['difficult'][jmax]:
                if not R['det'][jmax]:
                    tp[d] = 1.0
                    R['det'][jmax] = 1
                else:
                    fp[d] = 1.0
        else:
            fp[d] = 1.0
    fp = np.cumsum(fp)
    tp = np.cumsum(tp)
    rec = tp / float(npos)
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return float(ap_from_curve(rec, prec, use_07_metric))


def evaluate(gts, dets, num_classes, use_07_metric):
    maps = {}
    per_class50 = None
    for thresh in range(50, 100, 5):
        aps = [class_ap(gts, dets, c, thresh / 100.0, use_07_metric) for c in range(num_classes)]
        maps[thresh] = float(np.mean([a * 100 for a in aps if a is not None]))
        if thresh == 50:
            per_class50 = [None if a is None else a * 100 for a in aps]
    return {
        'ap': float(np.mean(list(maps.values()))), 'ap50': maps[50], 'ap75': maps[75],
        'byThreshold': [maps[t] for t in range(50, 100, 5)], 'perClassAp50': per_class50,
    }


def random_box(rng, w, h):
    x1, x2 = np.sort(rng.uniform(0, w, 2))
    y1, y2 = np.sort(rng.uniform(0, h, 2))
    return [float(x1), float(y1), float(max(x2, x1 + 2)), float(max(y2, y1 + 2))]


def make_case(seed):
    rng = np.random.RandomState(seed)
    num_classes = int(rng.randint(2, 6))
    n_images = int(rng.randint(3, 25))
    gts, dets = [], []
    for i in range(n_images):
        w, h = float(rng.randint(60, 500)), float(rng.randint(60, 500))
        n_obj = int(rng.randint(0, 6))  # images without objects included
        boxes = [random_box(rng, w, h) for _ in range(n_obj)]
        labels = [int(rng.randint(0, num_classes)) for _ in range(n_obj)]
        difficult = [bool(rng.rand() < 0.15) for _ in range(n_obj)]
        gts.append({'boxes': boxes, 'labels': labels, 'difficult': difficult})
        for b, l in zip(boxes, labels):
            # Near-duplicates of the truth (some good, some loose), so every IoU threshold matters.
            for _ in range(int(rng.randint(0, 3))):
                jitter = rng.normal(0, rng.choice([0.02, 0.08, 0.2]), 4) * np.array([b[2] - b[0], b[3] - b[1]] * 2)
                nb = np.array(b) + jitter
                nb = [float(min(nb[0], nb[2] - 1)), float(min(nb[1], nb[3] - 1)), float(nb[2]), float(nb[3])]
                lab = l if rng.rand() < 0.85 else int(rng.randint(0, num_classes))
                dets.append({'image': i, 'label': lab, 'score': float(rng.rand()), 'box': nb})
        for _ in range(int(rng.randint(0, 4))):
            dets.append({'image': i, 'label': int(rng.randint(0, num_classes)), 'score': float(rng.rand()), 'box': random_box(rng, w, h)})
    return num_classes, gts, dets


def main():
    cases = []
    for seed in range(12):
        num_classes, gts, dets = make_case(seed)
        if not any(not d for g in gts for d in g['difficult']):
            continue
        cases.append({
            'seed': seed, 'numClasses': num_classes, 'gts': gts, 'dets': dets,
            'voc07': evaluate(gts, dets, num_classes, True),
            'area': evaluate(gts, dets, num_classes, False),
        })
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/reference/voc_ap_refs.py', 'numpy': np.__version__, 'cases': cases}, f)
    print(f'wrote {len(cases)} cases to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
