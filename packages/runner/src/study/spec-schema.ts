// The sweep spec (JSON Schema draft 2020-12): a base run config plus axes. Checked by ajv like run configs;
// what a schema cannot say (equal zip lengths, one axis kind per entry) is checked in spec.ts.

const pointer = { type: 'string', pattern: '^(/[^/]*)+$', description: 'JSON pointer into the run config, e.g. "/rules/1/options/std"' };
const axisName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', description: 'column name of this axis (default: the pointer)' };
const values = { type: 'array', minItems: 1, description: 'the values this axis takes (any JSON: numbers, strings, whole plugin objects)' };
const labels = { type: 'array', items: { type: ['string', 'number', 'boolean'] }, description: 'what the point records instead of each value (same length as values)' };

const gridAxis = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: axisName,
    path: pointer,
    values,
    labels,
    zip: {
      type: 'array',
      minItems: 1,
      description: 'axes that vary together (all the same length)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'values'],
        properties: { name: axisName, path: pointer, values, labels },
      },
    },
  },
};

const numberPair = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 };

const randomAxis = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    name: axisName,
    path: pointer,
    uniform: { ...numberPair, description: '[lo, hi): uniform' },
    loguniform: { ...numberPair, description: '[lo, hi), lo > 0: uniform in log' },
    int: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2, description: '[lo, hi] integers, inclusive' },
    choice: { type: 'array', minItems: 1, description: 'one of these values, equally likely' },
  },
};

const condition = {
  type: 'object',
  minProperties: 1,
  description: 'axis name → value, {"in": [...]}, or {"min": x, "max": y}; a point matches when every entry matches',
};

export const SWEEP_SPEC_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://driftlab.dev/schemas/sweep-spec.json',
  title: 'driftlab sweep spec',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'base'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'study name' },
    description: { type: 'string' },
    base: { type: 'object', description: 'a run config; every run is this with the axis values written in' },
    axes: { type: 'array', items: gridAxis, default: [], description: 'grid axes (crossed) and zipped groups' },
    random: {
      type: 'object',
      additionalProperties: false,
      required: ['samples', 'axes'],
      properties: {
        samples: { type: 'integer', minimum: 1, description: 'points drawn, crossed with the grid' },
        seed: { type: 'integer', minimum: 0, default: 0 },
        axes: { type: 'array', minItems: 1, items: randomAxis },
      },
    },
    seeds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 }, description: 'run seeds (innermost axis "seed")' },
    repeats: { type: 'integer', minimum: 1, description: 'seeds base.seed, base.seed+1, …, base.seed+repeats−1' },
    filters: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
        properties: {
          exclude: { ...condition, description: 'drop points matching this' },
          only: { ...condition, description: 'keep only points matching this' },
        },
      },
    },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 }, default: [], description: 'modules exporting `plugins` (loaded by the coordinator and every worker)' },
    checkpointEvery: {
      type: ['integer', 'null'],
      minimum: 1,
      default: 50000,
      description: 'steps between checkpoints of a run (null: none); not part of run ids — a config\'s own schedule.checkpointEvery wins',
    },
  },
} as const;
