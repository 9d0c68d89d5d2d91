"""Independent check of `analyzeDataset` on real data (run once by hand; numbers are pasted into
analyze-real-data.spec.ts). Written from the recipe in shared/data/ziv-multiple-maps/PROVENANCE.md with numpy
only, sharing no code with the TypeScript implementation.

usage: python3 independent_check.py ../../../../../shared/data/ziv-multiple-maps C6_M4_envA C16_M4_envA
Prints per session: frames used, running frames, active registered cells, fraction active (÷ registered),
mean naive Skaggs SI (bits/event, over all active cells) and the PV correlation of session 1 with each session.
"""
import csv
import json
import sys

import numpy as np


def movmean(x, w):
    """MATLAB movmean(x, w): floor(w/2) before, ceil(w/2)-1 after, shrinking at the ends."""
    kb, kf = w // 2, (w + 1) // 2 - 1
    n = len(x)
    return np.array([x[max(0, i - kb): min(n, i + kf + 1)].mean() for i in range(n)])


def session_maps(folder, meta, s):
    n = s['session']
    beh = np.loadtxt(f'{folder}/s{n}_behavior.csv', delimiter=',', skiprows=1)
    ev = np.loadtxt(f'{folder}/s{n}_events.csv', delimiter=',', skiprows=1, ndmin=2)
    frame, trial, pos, vel = beh[:, 0].astype(int), beh[:, 1].astype(int), beh[:, 2], beh[:, 3]
    vs = np.zeros_like(vel)
    bins = np.zeros(len(pos), dtype=int)
    trials = {t['trialIndex']: t for t in s['trials'] if t['status'] == 'included'}
    for ti, t in trials.items():
        m = trial == ti
        vs[m] = movmean(vel[m], 8)
        lo, hi = min(0, t['posMin']), max(1, t['posMax'])
        b = np.ceil((pos[m] - lo) / (hi - lo) * 24).astype(int)
        b[b == 0] = 1
        bins[m] = b
    running = np.abs(vs) >= 1 - 1e-9  # ties (a mean exactly 1 in decimals) count as running
    keep = running & (bins >= 3) & (bins <= 22)
    state = (bins - 3) + 20 * (vs < 0)
    used_frames = frame[keep]
    used_state = state[keep]
    row_of = {f: k for k, f in enumerate(used_frames)}
    ncell = s['nCells']
    act = np.zeros((ncell, len(used_frames)))
    for f, c in zip(ev[:, 0].astype(int), ev[:, 1].astype(int)):
        if f in row_of:
            act[c, row_of[f]] = 1
    occ = np.array([(used_state == k).sum() for k in range(40)], dtype=float)
    counts = np.stack([act[:, used_state == k].sum(axis=1) for k in range(40)], axis=1)
    with np.errstate(divide='ignore', invalid='ignore'):
        rate = np.where(occ > 0, counts / occ, 0.0)
    return rate, occ, act.sum(axis=1) > 0, int(running.sum()), int(keep.sum())


def skaggs(rate, occ):
    p = occ / occ.sum()
    lam = (p * rate).sum(axis=1)
    out = np.full(rate.shape[0], np.nan)
    for u in range(rate.shape[0]):
        if lam[u] > 0:
            r = rate[u] / lam[u]
            nz = r > 0
            out[u] = (p[nz] * r[nz] * np.log2(r[nz])).sum()
    return out


def main(root, keys):
    for key in keys:
        folder = f'{root}/{key}'
        meta = json.load(open(f'{folder}/sessions.json'))
        reg = np.array([[int(v) for v in row] for row in list(csv.reader(open(f'{folder}/registration.csv')))[1:]])
        nreg = meta['nRegisteredCells']
        reg_maps = []
        for k, s in enumerate(meta['sessions']):
            rate, occ, active, nrun, nused = session_maps(folder, meta, s)
            registered = np.zeros(s['nCells'], dtype=bool)
            registered[reg[reg[:, k] >= 0, k]] = True
            si = skaggs(rate, occ)
            n_active_reg = int((active & registered).sum())
            g = np.zeros((nreg, 40))
            for gid in range(nreg):
                if reg[gid, k] >= 0:
                    g[gid] = rate[reg[gid, k]]
            reg_maps.append(g)
            print(json.dumps({'key': key, 'session': s['session'], 'nFrames': nused, 'nRunningFrames': nrun,
                              'nActive': n_active_reg, 'fractionActive': n_active_reg / nreg,
                              'meanSINaive': float(np.nanmean(si[active]))}))
        for k in range(1, len(reg_maps)):
            rs = []
            for b in range(40):
                x, y = reg_maps[0][:, b], reg_maps[k][:, b]
                if x.std() > 0 and y.std() > 0:
                    rs.append(np.corrcoef(x, y)[0, 1])
            print(json.dumps({'key': key, 'pv_1_vs': meta['sessions'][k]['session'], 'pv': float(np.mean(rs))}))
        # one more pair for the lag table: sessions 2 and 3
        rs = [np.corrcoef(reg_maps[1][:, b], reg_maps[2][:, b])[0, 1] for b in range(40)
              if reg_maps[1][:, b].std() > 0 and reg_maps[2][:, b].std() > 0]
        print(json.dumps({'key': key, 'pv_2_vs': 3, 'pv': float(np.mean(rs))}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
