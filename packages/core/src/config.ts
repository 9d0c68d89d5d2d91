// The run config: one JSON document, validated with ajv (draft 2020-12) in two passes: the envelope, then
// each plugin's options against that plugin's own schema (defaults filled). Errors name where and how to fix.

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { JSONSchemaType } from './json-schema';
import type { PluginKind } from './plugin';
import type { PluginRegistry } from './registry';
import { ENVELOPE_SCHEMA } from './config-schema';

export interface PluginRef {
  id: string;
  options: Record<string, unknown>;
}

export interface ScheduleConfig {
  steps: number;
  evaluations: number;
  spacing: 'linear' | 'log' | 'loglinear';
  snapshots: number;
  checkpointEvery: number | null;
}

export interface RunConfig {
  name?: string;
  description?: string;
  seed: number;
  dtype: 'float64' | 'float32';
  engine: 'auto' | 'reference' | 'wasm' | 'tfjs';
  /** wasm engine: draw the update noise ahead on a second thread (results unchanged). */
  noiseThread: boolean;
  task: PluginRef;
  model: PluginRef;
  rules: PluginRef[];
  metrics: PluginRef[];
  schedule: ScheduleConfig;
  divergence: { maxLog10Loss: number; deadUnits: boolean };
}

export interface ConfigIssue {
  /** Where in the config, e.g. "rules[1]" or "schedule". */
  path: string;
  pluginId?: string;
  /** JSON pointer inside that part, e.g. "/options/scale". */
  pointer: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssue(i: ConfigIssue): string {
  const who = i.pluginId ? `${i.path} (${i.pluginId})` : i.path || 'config';
  return `${who}: ${i.pointer ? i.pointer + ' ' : ''}${i.message}`;
}

const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
const validateEnvelope = ajv.compile(ENVELOPE_SCHEMA);
const schemaValidators = new WeakMap<object, ValidateFunction>();

function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}

/** Split an envelope pointer like /rules/1/options/scale into ("rules[1]", "/options/scale"). */
function splitPointer(ptr: string): { path: string; pointer: string } {
  const parts = ptr.split('/').slice(1);
  if (parts.length === 0) return { path: 'config', pointer: '' };
  if ((parts[0] === 'rules' || parts[0] === 'metrics') && parts.length > 1 && /^\d+$/.test(parts[1])) {
    return { path: `${parts[0]}[${parts[1]}]`, pointer: parts.length > 2 ? '/' + parts.slice(2).join('/') : '' };
  }
  return { path: parts[0], pointer: parts.length > 1 ? '/' + parts.slice(1).join('/') : '' };
}

/**
 * Validate and resolve a raw config: fills defaults, resolves plugin aliases to ids. Throws ConfigError
 * listing every problem. The input is not modified.
 */
export function resolveConfig(raw: unknown, registry: PluginRegistry): RunConfig {
  const cfg = structuredClone(raw) as RunConfig;
  if (!validateEnvelope(cfg)) {
    throw new ConfigError(
      (validateEnvelope.errors ?? []).map((e) => ({ ...splitPointer(e.instancePath), message: describe(e) })),
    );
  }
  const issues: ConfigIssue[] = [];
  const check = (ref: PluginRef, path: string, kind: PluginKind) => {
    const p = registry.find(ref.id);
    if (!p) {
      issues.push({ path, pointer: '/id', message: `unknown ${kind} plugin "${ref.id}"; known: ${registry.names(kind).join(', ')}` });
      return;
    }
    if (p.kind !== kind) {
      issues.push({ path, pluginId: p.id, pointer: '/id', message: `is a ${p.kind} plugin, expected a ${kind} plugin` });
      return;
    }
    let v = schemaValidators.get(p.optionsSchema);
    if (!v) {
      v = ajv.compile(p.optionsSchema);
      schemaValidators.set(p.optionsSchema, v);
    }
    if (!v(ref.options)) {
      for (const e of v.errors ?? []) issues.push({ path, pluginId: p.id, pointer: '/options' + e.instancePath, message: describe(e) });
    }
    ref.id = p.id;
  };
  check(cfg.task, 'task', 'task');
  check(cfg.model, 'model', 'model');
  cfg.rules.forEach((r, i) => check(r, `rules[${i}]`, 'rule'));
  cfg.metrics.forEach((m, i) => check(m, `metrics[${i}]`, 'metric'));
  if (issues.length) throw new ConfigError(issues);
  return cfg;
}

export interface OptionsCheck {
  ok: boolean;
  /** A copy of the options with defaults filled. */
  value: any;
  /** "<pointer> <message>" per problem, as the run config reports them. */
  errors: string[];
}

/** Validate a copy of one plugin's options exactly as a run config does (same ajv settings, defaults filled). */
export function checkOptions(schema: JSONSchemaType, options: unknown): OptionsCheck {
  let v = schemaValidators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    schemaValidators.set(schema, v);
  }
  const value = structuredClone(options);
  const ok = v(value) as boolean;
  return { ok, value, errors: ok ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${describe(e)}`) };
}
