import { describe, expect, it } from 'vitest';
import { hostNamesOf, redactJson, redactText, runnerPseudonym } from './redact';

describe('redacting host details from runner text', () => {
  it.each([
    [
      'an absolute path, keeping the file',
      "ENOENT: no such file or directory, open '/home/alice/data/voc2007/JPEGImages/000001.jpg'",
      "ENOENT: no such file or directory, open '<path>/000001.jpg'",
    ],
    ['a home directory', 'cannot write to /home/alice', 'cannot write to <path>'],
    ['a ~ path', 'cache at ~/.cache/transferboard/features.npy is corrupt', 'cache at <path>/features.npy is corrupt'],
    ['a Windows path', 'missing C:\\Users\\bob\\data\\cifar10\\data_batch_1.bin', 'missing <path>\\data_batch_1.bin'],
    ['a file URL', 'loading file:///srv/models/abc.onnx failed', 'loading file://<path>/abc.onnx failed'],
    [
      'a URL host, keeping its path',
      'fetch http://gpu-07.example.com:4000/artifacts/xyz failed',
      'fetch http://<host>/artifacts/xyz failed',
    ],
    ['an IPv4 address', 'connect ECONNREFUSED 10.1.2.3:4000', 'connect ECONNREFUSED <address>:4000'],
    [
      'an IPv6 address',
      'connect ECONNREFUSED fe80::1ff:fe23:4567:890a port 4000',
      'connect ECONNREFUSED <address> port 4000',
    ],
    ['a kernel release', 'platform linux 6.1.0-18-amd64 unsupported', 'platform linux <kernel> unsupported'],
    ['a RHEL kernel', 'kernel 4.18.0-513.el8.x86_64', 'kernel <kernel>'],
    ['an internal host name', 'could not reach nas01.lan', 'could not reach <host>'],
    ['a resolver error', 'getaddrinfo ENOTFOUND api.internal-corp.net', 'getaddrinfo ENOTFOUND <host>'],
    ['a user@host', 'ssh alice@gpu-box refused', 'ssh alice@<host> refused'],
  ])('replaces %s', (_what, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('keeps ONNX tensor names, which look like paths but name the model', () => {
    const text =
      "feature tensor '/avgpool/GlobalAveragePool_output_0' or /encoder/layer.11/Add_1_output_0 has no batch axis";
    expect(redactText(text)).toBe(text);
    expect(
      redactJson({ model: { featureOutput: '/layer4/layer4.2/relu_2/Relu_output_0', file: '/data/m.onnx' } }),
    ).toEqual({
      model: { featureOutput: '/layer4/layer4.2/relu_2/Relu_output_0', file: '<path>/m.onnx' },
    });
  });

  it('keeps what is not a host detail: relative paths, versions, metrics, dates, package names', () => {
    const text =
      'missing-data: DATA/voc2007 not found; onnxruntime 1.30.0, top1 = 71.3 on 2026-11-30T10:12:13Z; ' +
      "Cannot find module '@transferboard/suite'; ratio 3/4; and/or; AP50/AP75; onnxruntime::InferenceSession";
    expect(redactText(text)).toBe(text);
  });

  it('hides the runner name and the host name in the default hostname-pid form', () => {
    const names = hostNamesOf(['gpu-box-12345', null]);
    expect(names).toEqual(['gpu-box-12345', 'gpu-box']);
    const text = 'the lease of runner "gpu-box-12345" expired; gpu-box ran out of memory';
    const redacted = redactText(text, names);
    expect(redacted).not.toMatch(/gpu-box/);
    expect(redacted).toBe('the lease of runner "<host>" expired; <host> ran out of memory');
  });

  it('gives a runner quoted in a reason a stable pseudonym, even when its name is not known', () => {
    const a = redactText('claimed by runner "lab-7"');
    expect(a).toBe(`claimed by runner "${runnerPseudonym('lab-7')}"`);
    expect(redactText('runner "lab-7" stopped (SIGTERM) mid-job; queued again')).toContain(runnerPseudonym('lab-7'));
    expect(runnerPseudonym('lab-7')).toMatch(/^runner-[0-9a-f]{8}$/);
    expect(runnerPseudonym('lab-8')).not.toBe(runnerPseudonym('lab-7'));
  });

  it('redacts provenance: every string, the host and user keys, and the kernel in platform', () => {
    const provenance = {
      model: { file: '/home/alice/.cache/tb/models/0a1b.onnx', sha256: '0a1b' },
      runner: {
        version: '0.1.0',
        onnxruntime: '1.30.0',
        platform: 'linux 6.1.0-18-amd64',
        cpu: 'AMD EPYC 7B13',
        cores: 2,
        hostname: 'gpu-box',
      },
      note: 'features cached in /var/tmp/tb/x.npy',
      seconds: 12.5,
      details: [{ cwd: '/srv/tb' }, 'ok'],
    };
    expect(redactJson(provenance)).toEqual({
      model: { file: '<path>/0a1b.onnx', sha256: '0a1b' },
      runner: {
        version: '0.1.0',
        onnxruntime: '1.30.0',
        platform: 'linux',
        cpu: 'AMD EPYC 7B13',
        cores: 2,
        hostname: '<redacted>',
      },
      note: 'features cached in <path>/x.npy',
      seconds: 12.5,
      details: [{ cwd: '<redacted>' }, 'ok'],
    });
  });
});
