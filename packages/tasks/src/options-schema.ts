// Builders for the tasks' option schemas (JSON Schema 2020-12). Every property has a default, so ajv's
// useDefaults fills a complete options object; the defaults come from the same objects the generators
// use, so schema and code cannot disagree.

import type { JSONSchemaType } from '@driftlab/core';

/** Upper bounds that keep a mistyped option from allocating gigabytes. */
export const MAX_SAMPLES = 1_000_000;
export const MAX_DIM = 10_000;

export function intOption(def: number, description: string, minimum = 1, maximum = MAX_DIM): JSONSchemaType {
  return { type: 'integer', minimum, maximum, default: def, description };
}

export function positiveNumber(def: number, description: string, extra: JSONSchemaType = {}): JSONSchemaType {
  return { type: 'number', exclusiveMinimum: 0, default: def, description, ...extra };
}

export function enumOption<T extends string>(values: readonly T[], def: T, description: string): JSONSchemaType {
  return { type: 'string', enum: [...values], default: def, description };
}

export function booleanOption(def: boolean, description: string): JSONSchemaType {
  return { type: 'boolean', default: def, description };
}

export function objectSchema(title: string, properties: Record<string, JSONSchemaType>): JSONSchemaType {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** Merge user options over defaults, rejecting unknown keys (generators are public API, not only ajv-fed). */
export function withDefaults<T extends object>(defaults: T, options: Partial<T> | undefined, what: string): T {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(options ?? {})) {
    if (!(k in defaults)) throw new Error(`${what}: unknown option "${k}"`);
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
