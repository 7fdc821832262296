import { createHash } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { inspectModelBytes } from '@transferboard/onnx-intake/inspect';
import { onnx } from '@transferboard/onnx-intake/proto';
import { costReferences, referenceExport } from '@transferboard/onnx-intake/test-vectors';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';

const SUBMIT = `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id model { slug featureTensor spatialTensors } } }`;
const CLAIM = `mutation { claimJob(runner: "r") { model { slug featureTensor spatialTensors } } }`;

describe('submitModel: declared feature and spatial tensors', () => {
  let h: Harness;
  const tokens = { submitter: '', runner: '' };

  /** Stores an artifact with the inspection the upload's validator records (the intake, run here in-process). */
  async function artifact(bytes: Uint8Array, edit?: (inspection: Record<string, unknown>) => void): Promise<string> {
    const { file: _file, ...inspection } = inspectModelBytes(bytes, 'upload').info;
    edit?.(inspection);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [row] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: bytes.byteLength, storageKey: sha256, inspection })
      .returning({ id: artifacts.id });
    return row!.id;
  }

  let nextSeed = 100;
  const submit = (input: Record<string, unknown>) => h.gql(SUBMIT, { input }, tokens.submitter);

  beforeAll(async () => {
    h = await startHarness('pglite');
    tokens.submitter = (await createToken(h.db.db, { role: 'submitter', name: 'declarer' })).token;
    tokens.runner = (await createToken(h.db.db, { role: 'runner', name: 'runner' })).token;
  });
  afterAll(async () => h?.close());

  it('stores a valid declaration on the model, and hands it to the runner with the job', async () => {
    const id = await artifact(buildTinyBackbone({ seed: 11 }));
    const res = await submit({
      artifactId: id,
      name: 'Declared Net',
      featureTensor: 'pooled',
      spatialTensors: [' block2_relu ', 'block1_relu'],
    });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.submitModel.model).toMatchObject({
      featureTensor: 'pooled',
      spatialTensors: ['block2_relu', 'block1_relu'],
    });
    const claimed = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
    expect(claimed.model).toEqual({
      slug: 'declared-net',
      featureTensor: 'pooled',
      spatialTensors: ['block2_relu', 'block1_relu'],
    });
  });

  it('leaves both null when nothing is declared (the file’s metadata or the default rule decides)', async () => {
    const res = await submit({ artifactId: await artifact(buildTinyBackbone({ seed: 12 })), name: 'Plain Net' });
    expect(res.json.data.submitModel.model).toMatchObject({ featureTensor: null, spatialTensors: null });
  });

  it.each([
    [
      'a tensor the graph lacks',
      { featureTensor: 'nope' },
      'input.featureTensor',
      /submitModel's featureTensor names 'nope', but the graph computes no tensor of that name; name the tensor .* for example .*'features' \[N,64\]/,
    ],
    [
      'a map as features',
      { featureTensor: 'spatial' },
      'input.featureTensor',
      /names 'spatial', but its shape \[N,64,7,7\] is not a pooled feature vector/,
    ],
    [
      'a vector as a map',
      { spatialTensors: ['features'] },
      'input.spatialTensors',
      /submitModel's spatialTensors names 'features', but its shape \[N,64\] is not a feature map \[N,C,h,w\]; name feature maps/,
    ],
    ['a map named twice', { spatialTensors: ['spatial', 'spatial'] }, 'input.spatialTensors', /names 'spatial' twice/],
    ['an empty name', { featureTensor: '  ' }, 'input.featureTensor', /has an empty tensor name/],
  ])('refuses %s with BAD_USER_INPUT naming the field and the fix', async (_what, declaration, argument, message) => {
    const res = await submit({
      artifactId: await artifact(buildTinyBackbone({ seed: nextSeed++ })),
      name: 'Bad Declaration',
      ...declaration,
    });
    const error = res.json.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(error?.message).toMatch(message);
  });

  it('accepts a ViT’s token sequence as spatial maps, and refuses one whose tokens make no grid', async () => {
    const id = await artifact(referenceExport(costReferences()['vit-tiny']));
    const ok = await submit({
      artifactId: id,
      name: 'Tiny ViT',
      spatialTensors: ['/encoder/layers/encoder_layer_0/Add_1_output_0'],
    });
    expect(ok.json.errors).toBeUndefined();
    const renamed = onnx.ModelProto.decode(referenceExport(costReferences()['vit-tiny']));
    renamed.docString = 'another upload';
    const other = await artifact(onnx.ModelProto.encode(renamed).finish(), (inspection) => {
      (inspection.tensors as Record<string, unknown>)['/odd'] = ['N', 17, 64];
    });
    const bad = await submit({ artifactId: other, name: 'Tiny ViT', spatialTensors: ['/odd'] });
    expect(bad.json.errors?.[0]?.message).toMatch(
      /\[N,17,64\] is a token sequence \[N,T,C\] the runner cannot lay out as a map: .*transferboard\.prefix_tokens/,
    );
  });

  it('asks for metadata instead when the stored inspection predates the tensor catalog', async () => {
    const id = await artifact(buildTinyBackbone({ seed: 14 }), (inspection) => delete inspection.tensors);
    const res = await submit({ artifactId: id, name: 'Old Upload', featureTensor: 'pooled' });
    expect(res.json.errors?.[0]?.message).toMatch(
      /stored before submitModel could check declared tensors: declare the tensors in the file's metadata instead \(transferboard\.features, transferboard\.spatial_outputs/,
    );
  });
});
