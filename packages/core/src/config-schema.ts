// The envelope of a run config (draft 2020-12). Plugin options are checked against each plugin's schema.

const pluginRef = (defaultOptions = {}) => ({
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, description: 'plugin id or alias' },
    options: { type: 'object', default: defaultOptions },
  },
});

export const ENVELOPE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://driftlab.dev/schemas/run-config.json',
  title: 'driftlab run config',
  type: 'object',
  additionalProperties: false,
  required: ['task'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0, maximum: 9007199254740991, default: 0 },
    dtype: { enum: ['float64', 'float32'], default: 'float64' },
    engine: { enum: ['auto', 'reference', 'wasm', 'tfjs'], default: 'auto' },
    noiseThread: {
      type: 'boolean',
      default: false,
      description:
        'wasm engine: draw the Gaussian update noise of the coming steps on a second thread (same numbers, bit for bit). Speeds up a single run when a core is free; leave off in sweeps that already use every core.',
    },
    task: pluginRef(),
    model: { ...pluginRef(), default: { id: 'mlp', options: {} } },
    rules: { type: 'array', items: pluginRef(), default: [] },
    metrics: {
      type: 'array',
      items: pluginRef(),
      default: [
        { id: 'activity', options: {} },
        { id: 'spatial', options: {} },
      ],
    },
    schedule: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        steps: { type: 'integer', minimum: 1, default: 10000, description: 'training steps (updates)' },
        evaluations: { type: 'integer', minimum: 2, default: 200, description: 'clean evaluations (scalars)' },
        spacing: { enum: ['linear', 'log', 'loglinear'], default: 'loglinear', description: 'loglinear = half log-spaced (resolves fast convergence), half linear' },
        snapshots: { type: 'integer', minimum: 2, default: 21, description: 'evenly spaced snapshots (arrays + parameters), ends included' },
        checkpointEvery: { type: ['integer', 'null'], minimum: 1, default: null },
      },
    },
    divergence: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxLog10Loss: { type: 'number', default: 10, description: 'stop when log10(MSE/var(y)) exceeds this (the reference code logs log10 of the normalised loss and stops above 10)' },
        deadUnits: { type: 'boolean', default: true, description: 'stop when every hidden unit is silent' },
      },
    },
  },
} as const;
