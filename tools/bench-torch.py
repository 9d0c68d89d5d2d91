#!/usr/bin/python3
"""PyTorch reference of driftlab's benchmark step: full batch, MSE, Gaussian noise added to every gradient,
plain SGD, float64 by default. For comparison only — never a product dependency (Debian python3-torch lives in
the system Python, hence /usr/bin/python3).

  /usr/bin/python3 tools/bench-torch.py [--seconds S] [--threads T] [--dtype float64|float32]
                                         [--configs generality,fig2] [--style lean|driftreg|both] [--json]
  /usr/bin/python3 tools/bench-torch.py --serve CMD_FIFO RESULT_FIFO [--threads T] [--configs …] [--style …]

--serve: `drift bench` interleaves these cases with its own. Every case is built and warmed up once; then each
line "config backend seconds" read from CMD_FIFO runs that case for about that long (continuing its state) and
writes its steps/s as one line to RESULT_FIFO; "quit" (or end of input) stops.

Styles: "lean" is the bare step (backend "torch"); "driftreg" also does what DriftReg's Trainer.run_epoch does
each step besides it — an input-noise draw (std 0), a label-noise draw (scale 0), torch.normal for the update
noise, the (out, hidden) forward and the normalised loss read back with .item() — backend "torch-driftreg".
Prints one line per case, and with --json a last line {"results":[{config, backend, dtype, ensemble,
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


def make_case(name, dtype, style, noise=0.03, lr=0.1):
    """The step function of one case, warmed up."""
    n, d, h, o = CONFIGS[name]
    g = torch.Generator().manual_seed(0)
    x = torch.rand(n, d, generator=g, dtype=dtype)
    y = torch.rand(n, o, generator=g, dtype=dtype)
    hidden = torch.nn.Linear(d, h).to(dtype)
    output = torch.nn.Linear(h, o, bias=False).to(dtype)
    params = list(hidden.parameters()) + list(output.parameters())
    opt = torch.optim.SGD(params, lr=lr)
    loss_fn = torch.nn.MSELoss()

    y_var = y.var()

    def lean():
        opt.zero_grad()
        loss = loss_fn(output(torch.relu(hidden(x))), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.grad += torch.randn(p.shape, dtype=dtype) * noise
        opt.step()

    def driftreg():
        xin = x + torch.normal(mean=0.0, std=0.0, size=x.shape, dtype=dtype)
        act = torch.relu(hidden(xin))
        out = output(act)
        y_noise = y + (torch.rand(size=y.shape, dtype=dtype) - 0.5) * 0.0
        loss = loss_fn(out, y_noise)
        loss.backward()
        for p in params:
            p.grad += torch.normal(mean=0.0, std=noise, size=p.shape, dtype=dtype)
        opt.step()
        opt.zero_grad()
        return (loss / y_var).item(), act

    step = lean if style == "lean" else driftreg
    for _ in range(50):
        step()
    return step


def timed(step, seconds):
    """Steps per second of `step` over about `seconds` (whole chunks of 20 steps)."""
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(20):
            step()
        steps += 20
    return steps / (time.perf_counter() - t0)


def backend_of(style):
    return "torch" if style == "lean" else "torch-driftreg"


def result(name, dtype, style, rate):
    n, d, h, o = CONFIGS[name]
    return {
        "config": name,
        "backend": backend_of(style),
        "dtype": "float64" if dtype == torch.float64 else "float32",
        "ensemble": 1,
        "stepsPerSec": rate,
        "replicaStepsPerSec": rate,
        "gflops": rate * flops_per_step(n, d, h, o) / 1e9,
    }


def serve(cmd_path, result_path, configs, dtype, styles):
    cases = {(name, backend_of(style)): make_case(name, dtype, style) for name in configs for style in styles}
    with open(cmd_path, "r") as cmds, open(result_path, "w") as out:
        for line in cmds:
            parts = line.split()
            if not parts or parts[0] == "quit":
                break
            name, backend, seconds = parts[0], parts[1], float(parts[2])
            out.write(f"{timed(cases[(name, backend)], seconds)}\n")
            out.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--configs", default="generality,fig2")
    ap.add_argument("--style", default="both", choices=["lean", "driftreg", "both"])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--serve", nargs=2, metavar=("CMD_FIFO", "RESULT_FIFO"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.dtype == "float64" else torch.float32
    styles = ["lean", "driftreg"] if a.style == "both" else [a.style]
    if a.serve:
        serve(a.serve[0], a.serve[1], a.configs.split(","), dtype, styles)
        return
    results = []
    for name in a.configs.split(","):
        for style in styles:
            r = result(name, dtype, style, timed(make_case(name, dtype, style), a.seconds))
            results.append(r)
            print(f"{name:12s} {r['backend']:15s} {r['dtype']} threads={a.threads}: {r['stepsPerSec']:9.0f} steps/s  {r['gflops']:.2f} GFLOP/s", flush=True)
    if a.json:
        print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
