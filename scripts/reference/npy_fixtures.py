#!/usr/bin/env python3
"""Writes tiny .npy files with numpy itself, to test the runner's reader against the real format.

Run: /usr/bin/python3 scripts/reference/npy_fixtures.py
Output: packages/runner/test-vectors/npy/*.npy (committed).
"""
import os
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'runner', 'test-vectors', 'npy')
os.makedirs(OUT, exist_ok=True)

base = np.arange(6).reshape(2, 3)
for dt in ['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8']:
    np.save(os.path.join(OUT, f'{dt}.npy'), (base - 2).astype(dt) if dt != 'uint8' else base.astype(dt))
np.save(os.path.join(OUT, 'bool.npy'), np.array([True, False, True]))
np.save(os.path.join(OUT, 'scalar-1d.npy'), np.array([1.5], dtype='float32'))
np.save(os.path.join(OUT, 'fortran.npy'), np.asfortranarray(base.astype('float32')))
np.save(os.path.join(OUT, 'big-endian.npy'), base.astype('>f4'))
np.save(os.path.join(OUT, 'object.npy'), np.array([1, 'a'], dtype=object), allow_pickle=True)
with open(os.path.join(OUT, 'v2.npy'), 'wb') as f:
    np.lib.format.write_array(f, base.astype('float32'), version=(2, 0))
with open(os.path.join(OUT, 'v3.npy'), 'wb') as f:
    np.lib.format.write_array(f, base.astype('float64'), version=(3, 0))
