// Expanding a sweep spec into runs: the grid (first axis slowest), then random samples, then seeds; filters
// drop points; every run is validated as a run config and named by the hash of its resolved config.

import { ConfigError, RandomStream, resolveConfig, type PluginRegistry, type RunConfig } from '@driftlab/core';
import { canonicalJson, runIdOf } from '../canonical';
import { setPointer } from './json-pointer';
import { SpecError, axisNameOf, validateSweepSpec, type Condition, type Label, type RandomAxis, type SweepSpec } from './spec';

export type Point = Record<string, unknown>;

export interface PlannedRun {
  /** Position in the plan (stable for a given spec). */
  index: number;
  runId: string;
  /** Axis name → value (or its label). */
  point: Point;
  config: RunConfig;
}

export interface StudyPlan {
  spec: SweepSpec;
  runs: PlannedRun[];
  /** Points dropped by filters. */
  filtered: number;
  /** Points whose resolved config equals an earlier point's (same run id); run once. */
  duplicates: number;
}

/** Refuses plans larger than this (a typo in an axis should not allocate a billion configs). */
export const MAX_PLANNED_RUNS = 1_000_000;

interface Dimension {
  size: number;
  apply(i: number, config: Record<string, unknown>, point: Point): void;
}

/** Value i of a random axis: a pure function of (seed, sample, axis), so adding samples keeps earlier ones. */
export function randomAxisValue(a: RandomAxis, stream: RandomStream, sample: number, axis: number): unknown {
  const u = stream.uniform(sample, axis);
  if (a.uniform) return a.uniform[0] + u * (a.uniform[1] - a.uniform[0]);
  if (a.loguniform) {
    const [lo, hi] = a.loguniform;
    return Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
  }
  if (a.int) return a.int[0] + Math.min(a.int[1] - a.int[0], Math.floor(u * (a.int[1] - a.int[0] + 1)));
  const c = a.choice!;
  return structuredClone(c[Math.min(c.length - 1, Math.floor(u * c.length))]);
}

function dimensions(spec: SweepSpec): Dimension[] {
  const dims: Dimension[] = [];
  for (const a of spec.axes) {
    const members = a.zip ?? [{ name: a.name, path: a.path!, values: a.values!, labels: a.labels }];
    dims.push({
      size: members[0].values.length,
      apply(i, config, point) {
        for (const m of members) {
          setPointer(config, m.path, m.values[i]);
          point[axisNameOf(m)] = m.labels ? m.labels[i] : m.values[i];
        }
      },
    });
  }
  if (spec.random) {
    const r = spec.random;
    const stream = RandomStream.derive(r.seed, 'sweep-random');
    dims.push({
      size: r.samples,
      apply(i, config, point) {
        r.axes.forEach((a, j) => {
          const v = randomAxisValue(a, stream, i, j);
          setPointer(config, a.path, v);
          point[axisNameOf(a)] = v;
        });
      },
    });
  }
  const baseSeed = typeof spec.base.seed === 'number' ? spec.base.seed : 0;
  const seeds = spec.seeds ?? (spec.repeats !== undefined ? Array.from({ length: spec.repeats }, (_, r) => baseSeed + r) : undefined);
  if (seeds) {
    dims.push({
      size: seeds.length,
      apply(i, config, point) {
        config.seed = seeds[i];
        point.seed = seeds[i];
      },
    });
  }
  return dims;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function matches(point: Point, cond: Condition): boolean {
  for (const [name, want] of Object.entries(cond)) {
    const v = point[name];
    if (want && typeof want === 'object' && !Array.isArray(want) && ('in' in want || 'min' in want || 'max' in want)) {
      const w = want as { in?: unknown[]; min?: number; max?: number };
      if (w.in && !w.in.some((x) => same(x, v))) return false;
      if (w.min !== undefined && !(typeof v === 'number' && v >= w.min)) return false;
      if (w.max !== undefined && !(typeof v === 'number' && v <= w.max)) return false;
    } else if (!same(v, want)) return false;
  }
  return true;
}

/** "task=random noise=label seed=0": a point for people. */
export function formatPoint(point: Point): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : canonicalJson(v)}`)
    .join(' ');
}

/**
 * Validate a spec and expand it into runs. Throws SpecError listing spec problems, or every run whose config
 * is invalid (with its point and the config pointer). `registry` must know the plugins the runs use.
 */
export function planStudy(raw: unknown, registry: PluginRegistry): StudyPlan {
  const spec = validateSweepSpec(raw);
  const dims = dimensions(spec);
  const total = dims.reduce((n, d) => n * d.size, 1);
  if (total > MAX_PLANNED_RUNS) throw new SpecError([`the spec expands to ${total} points (more than ${MAX_PLANNED_RUNS}); check the axes`]);
  const runs: PlannedRun[] = [];
  const ids = new Set<string>();
  const issues: string[] = [];
  let filtered = 0;
  let duplicates = 0;
  const idx = dims.map(() => 0);
  for (let n = 0; n < total; n++) {
    const config = structuredClone(spec.base);
    const point: Point = {};
    try {
      dims.forEach((d, k) => d.apply(idx[k], config, point));
    } catch (e) {
      throw new SpecError([`${formatPoint(point) || 'base'}: ${(e as Error).message}`]);
    }
    // Advance the odometer: the last dimension fastest.
    for (let k = dims.length - 1; k >= 0; k--) {
      if (++idx[k] < dims[k].size) break;
      idx[k] = 0;
    }
    const keep = spec.filters.every((f) => ('exclude' in f ? !matches(point, f.exclude) : matches(point, f.only)));
    if (!keep) {
      filtered++;
      continue;
    }
    let resolved: RunConfig;
    try {
      resolved = resolveConfig(config, registry);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      if (issues.length < 20) for (const line of e.message.split('\n')) issues.push(`run ${n} (${formatPoint(point) || 'base'}): ${line}`);
      continue;
    }
    const runId = runIdOf(resolved);
    if (ids.has(runId)) {
      duplicates++;
      continue;
    }
    ids.add(runId);
    runs.push({ index: runs.length, runId, point, config: resolved });
  }
  if (issues.length) throw new SpecError(issues);
  return { spec, runs, filtered, duplicates };
}

export type { Label };
