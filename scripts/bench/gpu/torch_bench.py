#!/usr/bin/python3
"""PyTorch side of the GPU benchmark, on the same device and images as the runner. One JSON line per stage.

  python3 scripts/bench/gpu/torch_bench.py DIR DEVICE BATCH ITERS WORKERS REPEAT

  infer   pooled ResNet-50 features (fc = Identity), random input already on the device:
          eager fp32, fp32 channels_last, bf16 channels_last (and fp16 channels_last on CUDA)
  decode  the paper's transform (PIL decode, Resize(224, bicubic), CenterCrop, ToTensor,
          Normalize) in WORKERS processes: the decode limit of a PyTorch pipeline on this host
  e2e     DataLoader(WORKERS workers, pin_memory) into the eager fp32 model, every image REPEAT times
"""
import json
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import torch
import torchvision
from PIL import Image
from torchvision import transforms

TF = transforms.Compose([
    transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])


def load(path):
    return TF(Image.open(path).convert('RGB'))


def touch(path):
    return float(load(path)[0, 0, 0])


class Files(torch.utils.data.Dataset):
    def __init__(self, files):
        self.files = files

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return load(self.files[i])


def sync(dev):
    if dev.type == 'cuda':
        torch.cuda.synchronize()


def model_on(root, dev):
    m = torchvision.models.resnet50()
    m.load_state_dict(torch.load(root / 'resnet50.pt', map_location='cpu'))
    m.fc = torch.nn.Identity()
    return m.eval().to(dev)


def infer(m, dev, batch, iters, dtype, channels_last):
    x = torch.randn(batch, 3, 224, 224, device=dev)
    mm = m
    if channels_last:
        mm = mm.to(memory_format=torch.channels_last)
        x = x.to(memory_format=torch.channels_last)
    if dtype != torch.float32:
        mm, x = mm.to(dtype), x.to(dtype)
    with torch.inference_mode():
        for _ in range(5):
            mm(x)
        sync(dev)
        t0 = time.perf_counter()
        for _ in range(iters):
            mm(x)
        sync(dev)
    sec = time.perf_counter() - t0
    return {'imgPerSec': round(batch * iters / sec, 1), 'msPerBatch': round(sec * 1000 / iters, 2)}


def main():
    root, device, batch, iters, workers, repeat = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    dev = torch.device(device)
    if dev.type == 'cuda':
        torch.backends.cudnn.benchmark = True
    gpu = torch.cuda.get_device_name(0) if dev.type == 'cuda' else None
    print(json.dumps({'stage': 'torch', 'torch': torch.__version__, 'torchvision': torchvision.__version__, 'device': device, 'gpu': gpu,
                      'cuda': torch.version.cuda, 'cudnn': torch.backends.cudnn.version() if dev.type == 'cuda' else None}), flush=True)
    m = model_on(root, dev)
    modes = [('eager-fp32', torch.float32, False), ('channels_last-fp32', torch.float32, True)]
    # bf16 convolutions on a CPU without AMX take minutes per batch: GPU only unless asked for.
    if dev.type == 'cuda' or os.environ.get('TORCH_CPU_BF16') == '1':
        modes.append(('channels_last-bf16', torch.bfloat16, True))
    else:
        print(json.dumps({'stage': 'infer', 'mode': 'channels_last-bf16', 'skipped': 'CPU (set TORCH_CPU_BF16=1 to run it)'}), flush=True)
    if dev.type == 'cuda':
        modes.append(('channels_last-fp16', torch.float16, True))
    for name, dtype, cl in modes:
        try:
            r = infer(model_on(root, dev) if cl or dtype != torch.float32 else m, dev, batch, iters, dtype, cl)
        except Exception as e:  # noqa: BLE001 - e.g. bf16 unsupported: report, go on
            r = {'error': str(e).split('\n')[0][:300]}
        print(json.dumps({'stage': 'infer', 'mode': name, 'batch': batch, 'iters': iters, **r}), flush=True)

    files = [str(f) for f in sorted((root / 'images').glob('*.jpg'))] * repeat
    with Pool(workers) as pool:
        pool.map(touch, files[:workers * 2])  # warm the workers
        t0 = time.perf_counter()
        pool.map(touch, files, chunksize=16)
        sec = time.perf_counter() - t0
    print(json.dumps({'stage': 'decode', 'mode': 'PIL+torchvision processes', 'workers': workers, 'images': len(files), 'seconds': round(sec, 2), 'imgPerSec': round(len(files) / sec, 1)}), flush=True)

    loader = torch.utils.data.DataLoader(Files(files), batch_size=batch, num_workers=workers, pin_memory=dev.type == 'cuda')
    n = 0
    with torch.inference_mode():
        t0 = time.perf_counter()
        for x in loader:
            m(x.to(dev, non_blocking=True))
            n += x.shape[0]
        sync(dev)
        sec = time.perf_counter() - t0
    print(json.dumps({'stage': 'e2e', 'pipeline': 'DataLoader+eager-fp32', 'workers': workers, 'images': n, 'seconds': round(sec, 2), 'imgPerSec': round(n / sec, 1)}), flush=True)


if __name__ == '__main__':
    main()
