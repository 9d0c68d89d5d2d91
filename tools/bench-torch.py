#!/usr/bin/python3
"""PyTorch reference of driftlab's benchmark step (DriftReg's train.py step): full batch, MSE, Gaussian noise
added to every gradient, plain SGD, float64 by default. For comparison only — never a product dependency.

  /usr/bin/python3 tools/bench-torch.py   (Debian python3-torch lives in the system Python) [--seconds S] [--threads T] [--dtype float64|float32] [--configs generality,fig2] [--json]

Prints one line per config, and with --json a last line {"results":[{config, backend, dtype, ensemble,
stepsPerSec, replicaStepsPerSec, gflops}]} in the shape of `drift bench --json`.
"""
import argparse
import json
import time

import torch

CONFIGS = {
    # name: (samples, input, hidden, output)
    "generality": (10, 20, 100, 10),
    "fig2": (150, 18, 500, 17),
}


def flops_per_step(n, d, h, o):
    # forward 2n(hd + oh), backward: dV 2noh, dh 2noh, dW 2nhd; relu/bias/update terms are lower order.
    return 2 * n * (h * d + o * h) + 2 * n * o * h * 2 + 2 * n * h * d


def bench(name, seconds, dtype, noise=0.03, lr=0.1):
    n, d, h, o = CONFIGS[name]
    g = torch.Generator().manual_seed(0)
    x = torch.rand(n, d, generator=g, dtype=dtype)
    y = torch.rand(n, o, generator=g, dtype=dtype)
    hidden = torch.nn.Linear(d, h).to(dtype)
    output = torch.nn.Linear(h, o, bias=False).to(dtype)
    params = list(hidden.parameters()) + list(output.parameters())
    opt = torch.optim.SGD(params, lr=lr)
    loss_fn = torch.nn.MSELoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(output(torch.relu(hidden(x))), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.grad += torch.randn(p.shape, dtype=dtype) * noise
        opt.step()

    for _ in range(50):
        step()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(20):
            step()
        steps += 20
    rate = steps / (time.perf_counter() - t0)
    return {
        "config": name,
        "backend": "torch",
        "dtype": "float64" if dtype == torch.float64 else "float32",
        "ensemble": 1,
        "stepsPerSec": rate,
        "replicaStepsPerSec": rate,
        "gflops": rate * flops_per_step(n, d, h, o) / 1e9,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--configs", default="generality,fig2")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.dtype == "float64" else torch.float32
    results = []
    for name in a.configs.split(","):
        r = bench(name, a.seconds, dtype)
        results.append(r)
        print(f"{name:12s} torch {r['dtype']} threads={a.threads}: {r['stepsPerSec']:9.0f} steps/s  {r['gflops']:.2f} GFLOP/s", flush=True)
    if a.json:
        print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
