#!/usr/bin/env python3
"""Writes numpy-f4.npy and numpy-u1.npy for npy.test.ts. Reference generator only; not part of the product."""
import numpy as np

np.save('numpy-f4.npy', (np.arange(24, dtype=np.float32).reshape(2, 4, 3) / 7).astype(np.float32))
np.save('numpy-u1.npy', np.arange(10, dtype=np.uint8))
