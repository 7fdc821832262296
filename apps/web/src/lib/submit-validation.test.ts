import { describe, expect, it } from 'vitest';
import { spatialList, validateSubmission, type SubmitFields } from './submit-validation';

const ok: SubmitFields = {
  name: 'My model',
  description: '',
  paperUrl: '',
  codeUrl: 'https://github.com/x/y',
  license: 'MIT',
  normalization: 'IMAGENET',
  featureTensor: '',
  spatialTensors: '',
  token: 'tok',
};
const onnx = { name: 'model.onnx', size: 1000, head: new Uint8Array([0x08, 0x07]) };
const MB = 1024 * 1024;

describe('submit form validation', () => {
  it('accepts a complete submission', () => {
    expect(validateSubmission(ok, onnx, 10 * MB)).toEqual({});
  });

  it('names each problem', () => {
    const errors = validateSubmission(
      { ...ok, name: '  ', paperUrl: 'arxiv.org/abs/1', token: '', normalization: 'weird' },
      null,
      10 * MB,
    );
    expect(errors.name).toMatch(/Enter a name/);
    expect(errors.paperUrl).toMatch(/not a web address/);
    expect(errors.token).toMatch(/API token/);
    expect(errors.normalization).toMatch(/normalisation/);
    expect(errors.file).toMatch(/Choose the model/);
  });

  it("keeps to the API's length limits", () => {
    expect(validateSubmission({ ...ok, name: 'x'.repeat(81) }, onnx, 10 * MB).name).toMatch(/keep it to 80/);
    expect(validateSubmission({ ...ok, description: 'x'.repeat(2001) }, onnx, 10 * MB).description).toMatch(
      /keep it to 2,000/,
    );
    expect(validateSubmission({ ...ok, description: 'x'.repeat(2000) }, onnx, 10 * MB).description).toBeUndefined();
    expect(
      validateSubmission({ ...ok, codeUrl: `https://example.org/${'x'.repeat(481)}` }, onnx, 10 * MB).codeUrl,
    ).toMatch(/keep it to 500/);
    expect(validateSubmission({ ...ok, license: 'MIT'.repeat(34) }, onnx, 10 * MB).license).toMatch(/at most 100/);
  });

  it('rejects non-ONNX names, empty, oversized and non-ModelProto files', () => {
    expect(validateSubmission(ok, { name: 'weights.pth', size: 10 }, 10 * MB).file).toMatch(
      /"weights.pth" is not an ONNX file/,
    );
    expect(validateSubmission(ok, { name: 'm.onnx', size: 0 }, 10 * MB).file).toMatch(/empty/);
    expect(validateSubmission(ok, { name: 'm.onnx', size: 11 * MB }, 10 * MB).file).toBe(
      '"m.onnx" is 11 MB, larger than the 10 MB limit.',
    );
    expect(
      validateSubmission(ok, { name: 'm.onnx', size: 5, head: new TextEncoder().encode('hello') }, 10 * MB).file,
    ).toMatch(/not an ONNX model/);
  });

  it('reads the declared tensors and checks what the form can know (the API checks them against the graph)', () => {
    expect(spatialList(' /layer4/Relu , /layer3/Relu\n\n/layer2/Relu ')).toEqual([
      '/layer4/Relu',
      '/layer3/Relu',
      '/layer2/Relu',
    ]);
    expect(validateSubmission({ ...ok, featureTensor: 'pooled', spatialTensors: 'a, b' }, onnx, 10 * MB)).toEqual({});
    expect(validateSubmission({ ...ok, spatialTensors: 'a, b, a' }, onnx, 10 * MB).spatialTensors).toMatch(
      /"a" is named twice/,
    );
    expect(validateSubmission({ ...ok, spatialTensors: 'a,b,c,d,e,f,g,h,i' }, onnx, 10 * MB).spatialTensors).toMatch(
      /9 maps named: name at most 8/,
    );
    expect(validateSubmission({ ...ok, featureTensor: 'x'.repeat(1001) }, onnx, 10 * MB).featureTensor).toMatch(
      /at most 1000/,
    );
  });
});
