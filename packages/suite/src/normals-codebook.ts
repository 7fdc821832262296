import { parseNumber, readPaperCsv } from './paper-csv';

/**
 * The paper's surface-normal codebook: the 40 directions of `vocab40.mat` in the official
 * repository (linusericsson/ssl-transfer, surface-normal-estimation/vocab40.mat, BSD-3-Clause;
 * k-means clusters of NYUv2 training normals by Xiaolong Wang) and its triangulation, as
 * `data/paper/nyuv2-normals-vocab40.csv` (index, nx, ny, nz; the .mat's values to 8 decimals)
 * and `…-faces.csv` (1-based vertex indices, as MATLAB stores them).
 */
export interface NormalsCodebook {
  /** 40 × 3 unit directions, row-major, in the file's order (row i is class i). */
  directions: Float64Array;
  size: number;
  /** Triangles over the directions, 0-based vertex indices, 3 per face. */
  faces: Int32Array;
}

const DIRECTIONS_FILE = 'nyuv2-normals-vocab40.csv';
const FACES_FILE = 'nyuv2-normals-vocab40-faces.csv';

let cached: NormalsCodebook | undefined;

export function loadPaperNormalsCodebook(): NormalsCodebook {
  if (cached) return cached;
  const rows = readPaperCsv(DIRECTIONS_FILE);
  const directions = new Float64Array(rows.length * 3);
  rows.forEach((row, i) => {
    const where = `${DIRECTIONS_FILE} row ${i + 1}`;
    if (parseNumber(row.index ?? '', where) !== i + 1) throw new Error(`${where}: index ${row.index} is not ${i + 1}`);
    ['nx', 'ny', 'nz'].forEach((k, j) => {
      directions[i * 3 + j] = parseNumber(row[k] ?? '', `${where}, ${k}`);
    });
  });
  const faceRows = readPaperCsv(FACES_FILE);
  const faces = new Int32Array(faceRows.length * 3);
  faceRows.forEach((row, f) => {
    ['a', 'b', 'c'].forEach((k, j) => {
      const v = parseNumber(row[k] ?? '', `${FACES_FILE} row ${f + 1}, ${k}`);
      if (!Number.isInteger(v) || v < 1 || v > rows.length)
        throw new Error(`${FACES_FILE} row ${f + 1}: vertex ${v} is not in 1..${rows.length}`);
      faces[f * 3 + j] = v - 1;
    });
  });
  cached = { directions, size: rows.length, faces };
  return cached;
}
