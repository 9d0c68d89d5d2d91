// Small synthetic datasets with a known ground truth, written in every supported layout, so the importers and
// the analysis are tested without any real data. Cells have place fields on a 0..1 linear track; the
// fraction of registered cells that fire drops by `activeDrop` per session (the drift signature).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RandomStream } from '@driftlab/core';

export interface SynthTrial {
  trialIndex: number;
  firstFrame: number;
  nFrames: number;
  posMin: number;
  posMax: number;
  map: number;
}

export interface SynthSession {
  session: number;
  day: number;
  nFrames: number;
  nCells: number;
  fps: number;
  /** events sorted by frame then cell */
  events: { frame: number; cell: number; amp: number }[];
  /** behaviour rows (track frames only) */
  behavior: { frame: number; trial: number; pos: number; vel: number }[];
  trials: SynthTrial[];
}

export interface SynthExperiment {
  mouse: string;
  env: string;
  nRegistered: number;
  /** registration[g][k] = cell index of registered cell g in session k, −1 = not detected */
  registration: number[][];
  sessions: SynthSession[];
}

export interface SynthOptions {
  seed: number;
  mouse: string;
  env: string;
  nSessions: number;
  nRegistered: number;
  /** frames per trial; 2 trials per session */
  trialFrames: number;
  /** fraction of registered cells firing in session 1, minus activeDrop per session */
  activeStart: number;
  activeDrop: number;
}

const DEFAULTS: SynthOptions = { seed: 1, mouse: 'M1', env: 'A', nSessions: 3, nRegistered: 30, trialFrames: 600, activeStart: 0.8, activeDrop: 0.1 };

const round4 = (x: number) => Number(x.toPrecision(4));

export function makeExperiment(opts: Partial<SynthOptions> = {}): SynthExperiment {
  const o = { ...DEFAULTS, ...opts };
  const rng = RandomStream.derive(o.seed, `synthetic/${o.mouse}/${o.env}`);
  const centers = Array.from({ length: o.nRegistered }, (_, g) => 0.1 + 0.8 * rng.uniform(0, g));
  const registration: number[][] = Array.from({ length: o.nRegistered }, () => []);
  const sessions: SynthSession[] = [];
  for (let k = 0; k < o.nSessions; k++) {
    // detection: the first 80 % of cells always, the rest alternately; local index = order of detection
    const detected: number[] = [];
    for (let g = 0; g < o.nRegistered; g++) if (g < 0.8 * o.nRegistered || (g + k) % 2 === 0) detected.push(g);
    const localOf = new Map(detected.map((g, i) => [g, i]));
    for (let g = 0; g < o.nRegistered; g++) registration[g][k] = localOf.get(g) ?? -1;
    const firing = new Set(detected.filter((g) => rng.uniform(100 + k, g) < o.activeStart - o.activeDrop * k));

    const lead = 50; // frames before the first track trial (like frameLog row 1)
    const trials: SynthTrial[] = [];
    const behavior: SynthSession['behavior'] = [];
    const events: SynthSession['events'] = [];
    let frame = lead;
    for (let tr = 1; tr <= 2; tr++) {
      let pos = 0.05;
      let dir = 1;
      let lo = Infinity;
      let hi = -Infinity;
      const first = frame;
      for (let i = 0; i < o.trialFrames; i++, frame++) {
        // run at ~0.5 track/s (48 cm/s), pause at the ends for 10 frames
        const atEnd = (dir > 0 && pos >= 0.97) || (dir < 0 && pos <= 0.03);
        const speed = atEnd ? 0 : 0.025 * (0.6 + 0.8 * rng.uniform(200 + k, frame));
        let next = pos + dir * speed;
        if (atEnd && i % 10 === 9) dir = -dir;
        next = Math.min(0.99, Math.max(0.01, next));
        const p = round4(pos);
        behavior.push({ frame, trial: tr, pos: p, vel: round4((next - pos) * 96 * 20) });
        lo = Math.min(lo, p);
        hi = Math.max(hi, p);
        pos = next;
        for (const g of firing) {
          const d = (p - centers[g]) / 0.06;
          const prob = 0.3 * Math.exp(-0.5 * d * d) + 0.002;
          if (rng.uniform(1000 + k, frame * o.nRegistered + g) < prob) events.push({ frame, cell: localOf.get(g)!, amp: round4(0.01 + rng.uniform(5000 + k, frame * o.nRegistered + g)) });
        }
      }
      trials.push({ trialIndex: tr, firstFrame: first, nFrames: o.trialFrames, posMin: lo, posMax: hi, map: 1 });
    }
    events.sort((a, b) => a.frame - b.frame || a.cell - b.cell);
    sessions.push({ session: k + 1, day: k + 3, nFrames: frame + 30, nCells: detected.length, fps: 20, events, behavior, trials });
  }
  return { mouse: o.mouse, env: o.env, nRegistered: o.nRegistered, registration, sessions };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `driftlab-${prefix}-`));
}

/** The Ziv multiple-maps layout (shared/data/ziv-multiple-maps/PROVENANCE.md). */
export function writeZivMultipleMaps(root: string, exps: SynthExperiment[]): void {
  const index = exps.map((e) => ({ key: `${e.mouse}_env${e.env}`, mouse: e.mouse, environment: e.env, nRegisteredCells: e.nRegistered, days: e.sessions.map((s) => s.day), nCellsPerSession: e.sessions.map((s) => s.nCells) }));
  fs.writeFileSync(path.join(root, 'index.json'), JSON.stringify(index, null, 1));
  for (const e of exps) {
    const dir = path.join(root, `${e.mouse}_env${e.env}`);
    fs.mkdirSync(dir, { recursive: true });
    const sessions = e.sessions.map((s) => ({
      session: s.session,
      day: s.day,
      timeOfDay: 'am',
      nFrames: s.nFrames,
      nCells: s.nCells,
      nEvents: s.events.length,
      nTrackFrames: s.behavior.length,
      trials: s.trials.map((t, i) => ({ behaviorIndex: i + 2, status: 'included', trialIndex: t.trialIndex, firstFrame: t.firstFrame, nFrames: t.nFrames, lengthDiff: 0, posMin: t.posMin, posMax: t.posMax })),
      mapPerTrial: s.trials.map((t) => t.map),
    }));
    fs.writeFileSync(path.join(dir, 'sessions.json'), JSON.stringify({ mouse: e.mouse, environment: e.env, environmentShape: 'straight', nRegisteredCells: e.nRegistered, sessions }, null, 1));
    const head = e.sessions.map((s) => `s${s.session}`).join(',');
    fs.writeFileSync(path.join(dir, 'registration.csv'), `${head}\n${e.registration.map((r) => r.join(',')).join('\n')}\n`);
    for (const s of e.sessions) {
      fs.writeFileSync(path.join(dir, `s${s.session}_events.csv`), `frame,cell,amp\n${s.events.map((v) => `${v.frame},${v.cell},${v.amp}`).join('\n')}\n`);
      fs.writeFileSync(path.join(dir, `s${s.session}_behavior.csv`), `frame,trial,pos,vel\n${s.behavior.map((b) => `${b.frame},${b.trial},${b.pos},${b.vel}`).join('\n')}\n`);
    }
  }
}

/** The generic CSV layout (README "Generic CSV layout"); events as frames or as spike times. */
export function writeGenericCsv(root: string, exps: SynthExperiment[], o: { spikeTimes?: boolean; registration?: boolean; settings?: object } = {}): void {
  const rows = ['animal,context,session,day,fps,n_cells,events_file,behavior_file,registration_file'];
  for (const e of exps) {
    const dir = path.join(root, e.mouse);
    fs.mkdirSync(dir, { recursive: true });
    const reg = o.registration === false ? '' : `${e.mouse}/registration_${e.env}.csv`;
    if (reg) fs.writeFileSync(path.join(root, reg), `${e.sessions.map((s) => `s${s.session}`).join(',')}\n${e.registration.map((r) => r.join(',')).join('\n')}\n`);
    for (const s of e.sessions) {
      const ev = `${e.mouse}/${e.env}_s${s.session}_events.csv`;
      const be = `${e.mouse}/${e.env}_s${s.session}_behavior.csv`;
      const evText = o.spikeTimes
        ? `time,cell\n${s.events.map((v) => `${((v.frame + 0.5) / s.fps).toFixed(6)},${v.cell}`).join('\n')}\n`
        : `frame,cell,value\n${s.events.map((v) => `${v.frame},${v.cell},${v.amp}`).join('\n')}\n`;
      fs.writeFileSync(path.join(root, ev), evText);
      fs.writeFileSync(path.join(root, be), `frame,position,velocity,trial\n${s.behavior.map((b) => `${b.frame},${b.pos},${b.vel},${b.trial}`).join('\n')}\n`);
      rows.push(`${e.mouse},${e.env},${s.session},${s.day},${s.fps},${s.nCells},${ev},${be},${reg}`);
    }
  }
  fs.writeFileSync(path.join(root, 'sessions.csv'), `${rows.join('\n')}\n`);
  if (o.settings) fs.writeFileSync(path.join(root, 'dataset.json'), JSON.stringify(o.settings));
}

/** The Ziv familiar CA1/CA3 layout: running frames per direction with a stimulus bin (3..22) per frame. */
export function writeZivFamiliar(root: string, mice: { region: string; mouse: string; envs: SynthExperiment[] }[]): void {
  const index = [];
  for (const m of mice) {
    const environments = m.envs.map((e, ei) => ({
      environment: ei + 1,
      sessions: e.sessions.map((s) => {
        const dirs = [1, 2].map((direction) => {
          const rows = s.behavior.filter((b, i) => (direction === 1 ? b.vel > 5 : b.vel < -5) && i >= 0);
          const frames = rows.map((b) => b.frame);
          const rowOf = new Map(frames.map((f, i) => [f, i]));
          const ev = s.events.filter((v) => rowOf.has(v.frame));
          return {
            direction,
            nFrames: rows.length,
            stimulus: rows.map((b) => Math.min(22, Math.max(3, Math.ceil(b.pos * 24)))),
            events: { frame: ev.map((v) => rowOf.get(v.frame)!), cell: ev.map((v) => v.cell), value: ev.map((v) => v.amp) },
          };
        });
        return { session: s.session, nCells: s.nCells, directions: dirs };
      }),
    }));
    const file = `${m.region}_${m.mouse}.json`;
    fs.writeFileSync(path.join(root, file), JSON.stringify({ mouse: m.mouse, region: m.region, fps: 20, environments }));
    index.push({ file, mouse: m.mouse, region: m.region, fps: 20, nCells: m.envs.map((e) => e.sessions.map((s) => s.nCells)) });
  }
  fs.writeFileSync(path.join(root, 'index.json'), JSON.stringify(index));
}
