"""PyTorch (CPU, one thread) as a benchmark peer for the two convnets of
bench/peers/conv-nets.ts: ConvNetJS's MNIST demo net (24x24, batch 20) and
LeNet-5 (28x28, batch 64), SGD with momentum 0.9, lr 0.01, on the same kind of
synthetic blob images. Each net must lower its loss before it is timed.
Prints one JSON object: {"torch": version, "threads": 1, "rows": [...]}.

    /usr/bin/python3 bench/peers/pytorch.py [--quick]
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(1)
QUICK = "--quick" in sys.argv


def blob_images(n, size, seed=1):
    """n noisy images with a bright 4x4 blob at one of 10 positions (the class), as blobImages in TS."""
    rng = np.random.default_rng(seed)
    x = (0.2 * rng.random((n, 1, size, size))).astype(np.float32)
    y = np.arange(n) % 10
    for i in range(n):
        c = y[i]
        cy = 2 + int((c / 5) * (size / 2 - 2)) + (size // 2 - 4 if c >= 5 else 0)
        cx = 2 + (c % 5) * ((size - 6) // 5)
        x[i, 0, cy:cy + 4, cx:cx + 4] = 1
    return torch.from_numpy(x), torch.from_numpy(y).long()


def make_net(name):
    if name == "convnetjs-mnist":
        return nn.Sequential(
            nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3),
            nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(), nn.Linear(500, 10))


def median_seconds(fn, min_time, warmup):
    for _ in range(warmup):
        fn()
    samples, spent = [], 0.0
    while spent < min_time or len(samples) < 5:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        samples.append(dt)
        spent += dt
    return statistics.median(samples), min(samples)


rows = []
for name, size, batch in (("convnetjs-mnist", 24, 20), ("lenet5", 28, 64)):
    x, y = blob_images(1280, size)
    net = make_net(name)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    state = {"next": 0}

    def step():
        i = state["next"]
        state["next"] = (i + batch) % (x.shape[0] - batch)
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x[i:i + batch]), y[i:i + batch]).backward()
        opt.step()

    with torch.no_grad():
        before = loss_fn(net(x[:100]), y[:100]).item()
    for _ in range(30 if QUICK else 100):
        step()
    with torch.no_grad():
        after = loss_fn(net(x[:100]), y[:100]).item()
    if not after < 0.95 * before:
        raise SystemExit(f"pytorch {name}: loss {before:.3f} -> {after:.3f}; it does not learn")
    min_time = 0.5 if QUICK else 2.0
    med, best = median_seconds(step, min_time, 5)
    rows.append({"workload": f"{name} train", "size": batch, "median": batch / med, "best": batch / best})
    probe = x[:256]

    def infer():
        with torch.no_grad():
            net(probe)

    med, best = median_seconds(infer, min_time / 2, 2)
    rows.append({"workload": f"{name} inference", "size": 256, "median": 256 / med, "best": 256 / best})

print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "rows": rows}))
