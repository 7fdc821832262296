import { join } from 'node:path';

/**
 * Where the runner's committed reference data lives: `test-vectors/<area>/` at the package root
 * (images and their torchvision/Pillow crops, numpy's and scikit-learn's outputs, MAT-files),
 * one folder per area, each written by a generator in `scripts/reference/`. Tests read it only
 * through this function, so the convention has one spelling.
 */
export function testVectors(area: string, ...file: string[]): string {
  return join(import.meta.dirname, '..', 'test-vectors', area, ...file);
}
