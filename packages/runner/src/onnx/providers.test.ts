import { describe, expect, it } from 'vitest';
import { chooseProvider, parseProviderRequest } from './providers';
import { probeCuda } from './runtime';

const works = async () => null;
const missing = async () => 'libonnxruntime_providers_cuda.so not found';

describe('chooseProvider', () => {
  it('uses the CPU when asked, without probing CUDA', async () => {
    let probed = false;
    const choice = await chooseProvider('cpu', async () => {
      probed = true;
      return null;
    });
    expect(choice).toEqual({ provider: 'cpu', message: null });
    expect(probed).toBe(false);
  });

  it('uses CUDA when asked and available', async () => {
    expect(await chooseProvider('cuda', works)).toEqual({ provider: 'cuda', message: null });
    expect((await chooseProvider('auto', works)).provider).toBe('cuda');
  });

  it('falls back to the CPU with a message that gives the reason and the fix', async () => {
    const choice = await chooseProvider('cuda', missing);
    expect(choice.provider).toBe('cpu');
    expect(choice.message).toMatch(/--ep cuda: CUDA is not usable here \(libonnxruntime_providers_cuda\.so not found\); falling back to the CPU\..*ONNXRUNTIME_NODE_INSTALL/);
    expect((await chooseProvider('auto', missing)).message).toMatch(/execution provider: CPU \(--ep auto/);
  });

  it('validates the flag', () => {
    expect(parseProviderRequest('auto')).toBe('auto');
    expect(() => parseProviderRequest('gpu')).toThrow("--ep must be cpu, cuda or auto (got 'gpu')");
  });

  it('the real probe answers with a reason on this CPU-only install', async () => {
    // CI machines have no GPU and skip onnxruntime's CUDA download, so the probe must say why.
    const reason = await probeCuda();
    if (process.env.TB_EXPECT_CUDA === '1') expect(reason).toBeNull();
    else expect(typeof reason).toBe('string');
  });
});
