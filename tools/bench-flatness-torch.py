#!/usr/bin/python3
"""The paper's Hessian spectrum, for tools/bench-flatness.js to time in the same run (comparison only, never a
product dependency: Debian python3-torch lives in the system Python, hence /usr/bin/python3).

Exactly what DriftReg's utils.calculate_hessian_eigs does (paper-notes §4.4): the dense Hessian of the clean MSE
(mean over n × D entries) over the flat parameter vector θ with torch.autograd.functional.hessian(vectorize=True),
in float64, then torch.linalg.eig (general, non-symmetric solver; real parts kept). One thread.

  /usr/bin/python3 tools/bench-flatness-torch.py IN.json OUT.f64

IN.json: {"inputDim", "hidden", "outputDim", "outputBias", "activation", "n", "params", "x", "y"} in core's
MlpSpec layout (W1 (hidden × inputDim, row-major), b1, V (outputDim × hidden), [c]). Writes all P eigenvalues
(descending, float64) to OUT.f64 and prints one JSON line {hessianSeconds, eigSeconds, seconds, cpuSeconds, P, threads}.
"""
import json
import sys
import time

import torch


def main():
    torch.set_num_threads(1)
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    din, units, dout, n = spec["inputDim"], spec["hidden"][0], spec["outputDim"], spec["n"]
    act = {"relu": torch.relu, "tanh": torch.tanh, "linear": lambda z: z}[spec["activation"]]
    theta0 = torch.tensor(spec["params"], dtype=torch.float64)
    x = torch.tensor(spec["x"], dtype=torch.float64).reshape(n, din)
    y = torch.tensor(spec["y"], dtype=torch.float64).reshape(n, dout)
    nw, nv = units * din, dout * units

    def loss(theta):
        w = theta[:nw].reshape(units, din)
        b = theta[nw : nw + units]
        v = theta[nw + units : nw + units + nv].reshape(dout, units)
        out = act(x @ w.T + b) @ v.T
        if spec["outputBias"]:
            out = out + theta[nw + units + nv :]
        return ((out - y) ** 2).mean()

    c0, t0 = time.process_time(), time.perf_counter()
    h = torch.autograd.functional.hessian(loss, theta0, vectorize=True)
    t1 = time.perf_counter()
    eigs = torch.linalg.eig(h).eigenvalues.real
    c2, t2 = time.process_time(), time.perf_counter()
    eigs.sort(descending=True).values.numpy().tofile(sys.argv[2])
    print(json.dumps({"hessianSeconds": t1 - t0, "eigSeconds": t2 - t1, "seconds": t2 - t0, "cpuSeconds": c2 - c0, "P": theta0.numel(), "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
