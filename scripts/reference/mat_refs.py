#!/usr/bin/env python3
"""Writes small MAT-files with scipy in the shapes the dataset annotations use, for mat5.test.ts,
into packages/runner/test-vectors/datasets/ (committed).
Reference generator only; not part of the product. Run: python3 scripts/reference/mat_refs.py"""
from pathlib import Path

import numpy as np
import scipy.io as sio

OUT = Path(__file__).resolve().parents[2] / 'packages/runner/test-vectors/datasets'

# Stanford Cars devkit shape: 1xN struct array of uint8/uint16 scalars and a char fname.
rec = np.zeros((1, 3), dtype=[('bbox_x1', 'O'), ('bbox_y1', 'O'), ('bbox_x2', 'O'), ('bbox_y2', 'O'), ('class', 'O'), ('fname', 'O')])
for i in range(3):
    rec[0, i] = (np.array([[10 + i]], np.uint8), np.array([[20 + i]], np.uint8), np.array([[300 + i]], np.uint16),
                 np.array([[200 + i]], np.uint16), np.array([[i + 1]], np.uint8), '%05d.jpg' % (i + 1))
names = np.empty((1, 3), dtype=object)
names[0, :] = ['AM General Hummer SUV 2000', 'Acura RL Sedan 2012', 'Audi S4 Sedan 2007']
sio.savemat(OUT / 'scipy-cars.mat', {'annotations': rec, 'class_names': names}, do_compression=True)

# Flowers shape: double row vectors; plus a 2-row char array and an int32 matrix.
sio.savemat(OUT / 'scipy-flowers.mat', {
    'trnid': np.array([[1, 5, 9]], np.float64), 'valid': np.array([[2, 6]], np.uint16),
    'labels': np.array([[77, 77, 3, 3, 102]], np.float64),
    'rows': np.array(['ab', 'cd']), 'm': np.arange(6, dtype=np.int32).reshape(2, 3),
}, do_compression=False)
