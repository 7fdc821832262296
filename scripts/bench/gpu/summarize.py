#!/usr/bin/python3
"""Side-by-side summary of runner.jsonl and torch.jsonl (one GPU run): figures, ratios, the moonshot gap.

  python3 scripts/bench/gpu/summarize.py runner.jsonl torch.jsonl
"""
import json
import sys

# The issue's reference figures (H100, 2026-11-26, /work/shared/gpu/README.md): NOT measured by this run.
ISSUE = {
    'ort CUDA fp32 b256': 4413, 'torch eager fp32': 6216, 'torch channels_last fp32': 7546,
    'torch channels_last bf16': 12925, 'ort CUDA fp16 export': 4857,
    'PIL 16 processes decode': 2633, 'sharp 16 threads decode': 419, 'sharp 1 thread decode': 116,
}


def lines(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.startswith('{')]


def pick(rows, **kw):
    for r in rows:
        if all(r.get(k) == v for k, v in kw.items()):
            return r
    return {}


def rate(r):
    return r.get('imgPerSec')


def ratio(a, b):
    return f'{a / b:.2f}' if a and b else 'n/a'


def main():
    run, tor = lines(sys.argv[1]), lines(sys.argv[2])
    prov = pick(run, stage='provider')
    engine = rate(pick(run, stage='engine'))
    e2e = rate(pick(run, stage='e2e', pipeline='extractFeatures'))
    e2e_proc = rate(next((r for r in run if r.get('stage') == 'e2e' and r.get('pipeline', '').startswith('bench loop')), {}))
    fp16 = pick(run, stage='fp16')
    d_main = rate(pick(run, stage='decode', mode='main-thread'))
    d_thr = rate(pick(run, stage='decode', mode='threads'))
    d_thr_uv = rate(pick(run, stage='decode', mode='threads-uv'))
    d_proc = rate(pick(run, stage='decode', mode='processes'))
    t_info = pick(tor, stage='torch')
    t = {r['mode']: rate(r) for r in tor if r.get('stage') == 'infer'}
    t_dec = rate(pick(tor, stage='decode'))
    t_e2e = rate(pick(tor, stage='e2e'))
    eager, cl, bf16, half = t.get('eager-fp32'), t.get('channels_last-fp32'), t.get('channels_last-bf16'), t.get('channels_last-fp16')
    batch = prov.get('batch')
    out = [
        f"# GPU benchmark: runner vs PyTorch, one run",
        '',
        f"device: {prov.get('gpu') or 'CPU'} (driver {prov.get('driver')}), provider {prov.get('provider')}, onnxruntime {prov.get('onnxruntime')}, "
        f"torch {t_info.get('torch')} (CUDA {t_info.get('cuda')}, cuDNN {t_info.get('cudnn')}), batch {batch}",
        '',
        '| what | img/s |', '|---|---:|',
        f'| runner engine (onnxruntime session, fp32, inference alone) | {engine} |',
        f"| runner engine, runner's fp16 conversion | {rate(fp16)} |",
        f'| runner end to end from JPEGs (extractFeatures, decode threads) | {e2e} |',
        f'| runner end to end from JPEGs, decode processes overlapped (bench loop, no cache) | {e2e_proc} |',
        f'| PyTorch eager fp32 (inference alone) | {eager} |',
        f'| PyTorch channels_last fp32 | {cl} |',
        f'| PyTorch channels_last bf16 | {bf16} |',
        f'| PyTorch channels_last fp16 | {half} |',
        f'| PyTorch end to end (DataLoader workers + eager fp32) | {t_e2e} |',
        f'| decode: runner, 1 thread | {d_main} |',
        f'| decode: runner, worker threads | {d_thr} |',
        f'| decode: runner, worker threads, UV_THREADPOOL_SIZE = workers | {d_thr_uv} |',
        f'| decode: runner, worker processes | {d_proc} |',
        f'| decode: PIL + torchvision, one process per core (decode limit) | {t_dec} |',
        '',
        '| ratio | value |', '|---|---:|',
        f'| runner end to end / runner engine (how well the GPU is fed) | {ratio(e2e, engine)} |',
        f'| runner engine / PyTorch eager fp32 | {ratio(engine, eager)} |',
        f'| runner end to end with decode processes / runner engine | {ratio(e2e_proc, engine)} |',
        f'| runner end to end / PyTorch end to end | {ratio(e2e, t_e2e)} |',
        f'| runner end to end / decode limit (PIL processes) | {ratio(e2e, t_dec)} |',
        f'| runner decode: processes / threads | {ratio(d_proc, d_thr)} |',
        f'| runner decode: processes / PIL processes | {ratio(d_proc, t_dec)} |',
        f'| moonshot: runner engine fp32 / PyTorch channels_last bf16 | {ratio(engine, bf16)} |',
        f'| moonshot: runner engine fp16 / PyTorch channels_last bf16 | {ratio(rate(fp16), bf16)} |',
        '',
    ]
    if eager and cl and bf16 and engine:
        out += [
            'What closes the moonshot gap (factors measured in this run; their product is the gap):',
            f'- engine at equal precision and layout (PyTorch eager fp32 / runner fp32): {eager / engine:.2f}x. Part of it is the',
            '  host-to-device copy of every input batch: onnxruntime-node takes CPU tensors only, PyTorch\'s input already sits on the GPU.',
            f'- NHWC layout (PyTorch channels_last / eager, fp32): {cl / eager:.2f}x. onnxruntime has NHWC CUDA kernels (prefer_nhwc) and CUDA',
            '  graphs, but onnxruntime-node passes the CUDA provider only deviceId: both need a binding change (js/node/src/session_options_helper.cc).',
            f'- reduced precision (PyTorch bf16 / fp32, channels_last): {bf16 / cl:.2f}x. The runner\'s fp16 conversion gives '
            f"{ratio(rate(fp16), engine)}x over its fp32 engine here"
            + (f"; its features {'pass' if fp16.get('accepted') else 'FAIL'} the acceptance check (min cosine {fp16.get('minCosine'):.6f}, max rel. error {fp16.get('maxRelError'):.2e} on {fp16.get('checkedImages')} images)." if fp16 else '.'),
            '',
        ]
    out += ['Reference figures from the issue (H100, 2026-11-26; not this run): ' + ', '.join(f'{k} {v:,}' for k, v in ISSUE.items()) + ' img/s.']
    print('\n'.join(out))


if __name__ == '__main__':
    main()
