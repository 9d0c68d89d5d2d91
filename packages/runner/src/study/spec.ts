// Sweep spec validation: ajv (defaults filled) for shape, then the rules a schema cannot state. Errors are
// JSON-pointer messages, like run configs', and nothing runs until the whole spec is clean.

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { parsePointer } from './json-pointer';
import { SWEEP_SPEC_SCHEMA } from './spec-schema';

export type Label = string | number | boolean;

export interface AxisValues {
  name?: string;
  path: string;
  values: unknown[];
  labels?: Label[];
}

/** A grid axis ({path, values}) or a zipped group ({zip: [...]}): exactly one of the two forms. */
export interface GridAxis {
  name?: string;
  path?: string;
  values?: unknown[];
  labels?: Label[];
  zip?: AxisValues[];
}

export interface RandomAxis {
  name?: string;
  path: string;
  uniform?: [number, number];
  loguniform?: [number, number];
  int?: [number, number];
  choice?: unknown[];
}

export type Condition = Record<string, unknown>;
export type Filter = { exclude: Condition } | { only: Condition };

export interface SweepSpec {
  name: string;
  description?: string;
  base: Record<string, unknown>;
  axes: GridAxis[];
  random?: { samples: number; seed: number; axes: RandomAxis[] };
  seeds?: number[];
  repeats?: number;
  filters: Filter[];
  plugins: string[];
  checkpointEvery: number | null;
}

/** A spec (or one of its runs) that cannot be planned; `issues` are one line each. */
export class SpecError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
    this.name = 'SpecError';
  }
}

let validate: ValidateFunction | null = null;

/** Compiled on first use: importing @driftlab/runner (every `drift run`) should not pay for it. */
function validator(): ValidateFunction {
  validate ??= new Ajv2020({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true }).compile(SWEEP_SPEC_SCHEMA);
  return validate;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(spec)';
  if (e.keyword === 'additionalProperties') return `${where} has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  return `${where} ${e.message ?? e.keyword}`;
}

/** The name an axis records its values under: its own name, else its pointer. */
export function axisNameOf(a: { name?: string; path: string }): string {
  return a.name ?? a.path;
}

function checkMember(m: AxisValues, where: string, issues: string[]): void {
  try {
    parsePointer(m.path);
  } catch (e) {
    issues.push(`${where}/path ${(e as Error).message}`);
  }
  if (m.labels && m.labels.length !== m.values.length) {
    issues.push(`${where}/labels has ${m.labels.length} entries but values has ${m.values.length}`);
  }
}

/** Validate a raw spec (defaults filled, input untouched). Throws SpecError listing every problem. */
export function validateSweepSpec(raw: unknown): SweepSpec {
  const spec = structuredClone(raw) as SweepSpec;
  const check = validator();
  if (!check(spec)) throw new SpecError((check.errors ?? []).map(describe));
  const issues: string[] = [];
  const names: string[] = [];
  spec.axes.forEach((a, i) => {
    const where = `/axes/${i}`;
    const plain = a.path !== undefined || a.values !== undefined;
    if (a.zip && plain) issues.push(`${where} has both "zip" and "path"/"values"; use one form`);
    else if (a.zip) {
      if (a.labels) issues.push(`${where}/labels belongs on the zipped members, not on the group`);
      a.zip.forEach((m, j) => {
        checkMember(m, `${where}/zip/${j}`, issues);
        names.push(axisNameOf(m));
        if (m.values.length !== a.zip![0].values.length) {
          issues.push(`${where}/zip/${j}/values has ${m.values.length} entries but zip/0 has ${a.zip![0].values.length}; zipped axes vary together`);
        }
      });
    } else if (a.path === undefined || a.values === undefined) {
      issues.push(`${where} needs "path" and "values" (a grid axis) or "zip" (axes that vary together)`);
    } else {
      checkMember(a as AxisValues, where, issues);
      names.push(axisNameOf(a as AxisValues));
    }
  });
  spec.random?.axes.forEach((a, i) => {
    const where = `/random/axes/${i}`;
    const kinds = (['uniform', 'loguniform', 'int', 'choice'] as const).filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) issues.push(`${where} needs exactly one of "uniform", "loguniform", "int", "choice"`);
    const range = a.uniform ?? a.loguniform ?? a.int;
    if (range && !(range[0] < range[1]) && !(a.int && range[0] === range[1])) issues.push(`${where}: the range [${range}] is empty (lo must be < hi)`);
    if (a.loguniform && !(a.loguniform[0] > 0)) issues.push(`${where}/loguniform needs lo > 0`);
    try {
      parsePointer(a.path);
    } catch (e) {
      issues.push(`${where}/path ${(e as Error).message}`);
    }
    names.push(axisNameOf(a));
  });
  if (spec.seeds && spec.repeats !== undefined) issues.push('/seeds and /repeats: give one of them, not both');
  if (spec.seeds || spec.repeats !== undefined) names.push('seed');
  const paths = [
    ...spec.axes.flatMap((a) => (a.zip ? a.zip.map((m) => m.path) : a.path !== undefined ? [a.path] : [])),
    ...(spec.random?.axes.map((a) => a.path) ?? []),
    ...(spec.seeds || spec.repeats !== undefined ? ['/seed'] : []),
  ];
  const written = new Set<string>();
  for (const p of paths) {
    if (written.has(p)) issues.push(`${p} is set by two axes; each pointer may vary along one axis only`);
    written.add(p);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) issues.push(`axis name "${n}" is used twice; give the axes distinct "name"s`);
    seen.add(n);
  }
  spec.filters.forEach((f, i) => {
    const cond = 'exclude' in f ? f.exclude : f.only;
    for (const k of Object.keys(cond)) {
      if (!seen.has(k)) issues.push(`/filters/${i}: unknown axis "${k}"; axes: ${[...seen].join(', ') || '(none)'}`);
    }
  });
  if (issues.length) throw new SpecError(issues);
  return spec;
}
