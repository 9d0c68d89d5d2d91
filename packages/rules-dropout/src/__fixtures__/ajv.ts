// Test helper: an ajv draft-2020 validator configured as the run config loader is (defaults filled, strict).
// ajv 8 is @driftlab/core's dependency; the root node_modules holds eslint's ajv 6, which has no draft 2020.
import * as path from 'path';
import type { JSONSchemaType } from '@driftlab/core';

const coreDir = path.dirname(require.resolve('@driftlab/core/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv2020 = require(require.resolve('ajv/dist/2020', { paths: [coreDir] })).default;

/** Validates a copy of `options` (defaults filled in place of the copy); returns it, or the ajv errors. */
export function validate(schema: JSONSchemaType, options: unknown): { ok: boolean; value: any; errors: unknown } {
  const ajv = new Ajv2020({ useDefaults: true, strict: true });
  const check = ajv.compile(schema);
  const value = JSON.parse(JSON.stringify(options));
  const ok = check(value) as boolean;
  return { ok, value, errors: check.errors };
}
