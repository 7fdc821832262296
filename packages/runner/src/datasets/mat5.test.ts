import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MatFormatError, mat, matNumbers, matString, matStringCell, readMat, writeMat, type MatValue } from './mat5';
import { testVectors } from '../test-vectors';

const matFile = (name: string) => readFileSync(testVectors('datasets', name));

describe('readMat on files written by scipy.io.savemat', () => {
  it('reads a compressed struct array and a cell of strings (Stanford Cars devkit shape)', () => {
    const vars = readMat(matFile('scipy-cars.mat'));
    const ann = vars.annotations;
    expect(ann?.type).toBe('struct');
    if (ann?.type !== 'struct') return;
    expect(ann.dims).toEqual([1, 3]);
    expect(ann.fields).toEqual(['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class', 'fname']);
    expect(ann.items.map((a) => matString(a.fname, 'fname'))).toEqual(['00001.jpg', '00002.jpg', '00003.jpg']);
    expect(ann.items.map((a) => matNumbers(a.class, 'class')[0])).toEqual([1, 2, 3]);
    expect(ann.items.map((a) => matNumbers(a.bbox_x2, 'x2')[0])).toEqual([300, 301, 302]);
    expect(ann.items[0]?.bbox_x2).toMatchObject({ class: 'uint16' });
    expect(matStringCell(vars.class_names, 'class_names')).toEqual([
      'AM General Hummer SUV 2000',
      'Acura RL Sedan 2012',
      'Audi S4 Sedan 2007',
    ]);
  });

  it('reads uncompressed numeric rows, char matrices and column-major matrices (Flowers shape)', () => {
    const vars = readMat(matFile('scipy-flowers.mat'));
    expect(matNumbers(vars.trnid, 'trnid')).toEqual([1, 5, 9]);
    expect(matNumbers(vars.valid, 'valid')).toEqual([2, 6]);
    expect(matNumbers(vars.labels, 'labels')).toEqual([77, 77, 3, 3, 102]);
    expect(matString(vars.rows, 'rows')).toBe('ab\ncd');
    const m = vars.m as Extract<MatValue, { type: 'numeric' }>;
    expect(m.dims).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([0, 3, 1, 4, 2, 5]); // column-major
  });
});

describe('writeMat', () => {
  const vars = {
    labels: mat.row([3, 1, 2], 'double', 'uint8'),
    names: mat.cellRow([mat.str('a b'), mat.str('F/A-18')]),
    annotations: mat.structRow(
      ['class', 'fname'],
      [
        { class: mat.scalar(7, 'uint8'), fname: mat.str('00001.jpg') },
        { class: mat.scalar(9, 'uint8'), fname: mat.str('00002.jpg') },
      ],
    ),
  };
  for (const compress of [false, true]) {
    it(`round-trips through readMat (compress=${compress})`, () => {
      const back = readMat(writeMat(vars, { compress }));
      expect(matNumbers(back.labels, 'labels')).toEqual([3, 1, 2]);
      expect(back.labels).toMatchObject({ class: 'double' });
      expect(matStringCell(back.names, 'names')).toEqual(['a b', 'F/A-18']);
      const ann = back.annotations;
      expect(
        ann?.type === 'struct' && ann.items.map((a) => [matNumbers(a.class, 'c')[0], matString(a.fname, 'f')]),
      ).toEqual([
        [7, '00001.jpg'],
        [9, '00002.jpg'],
      ]);
    });
  }
});

describe('readMat rejects broken files with a MatFormatError', () => {
  const good = writeMat({ x: mat.row([1, 2, 3, 4, 5, 6, 7, 8]) });
  it('truncated', () => expect(() => readMat(good.subarray(0, good.length - 9))).toThrow(/truncated|ends first/));
  it('not a MAT-file', () => expect(() => readMat(Buffer.alloc(300, 7))).toThrow(MatFormatError));
  it('too short', () => expect(() => readMat(Buffer.from('MATLAB'))).toThrow(/shorter than the 128-byte/));
  it('v7.3 (HDF5)', () => {
    const h = Buffer.alloc(512, 0x20);
    h.write('MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .', 0, 'latin1');
    expect(() => readMat(h)).toThrow(/HDF5/);
  });
  it('corrupt compressed payload', () => {
    const z = writeMat({ x: mat.row([1, 2, 3]) }, { compress: true });
    z.fill(0xff, 140, 150);
    expect(() => readMat(z)).toThrow(MatFormatError);
  });
});
