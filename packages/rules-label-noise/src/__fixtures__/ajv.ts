// Options are validated in tests exactly as a run config validates them (core's ajv settings, defaults filled).
export { checkOptions as validate } from '@driftlab/core';
