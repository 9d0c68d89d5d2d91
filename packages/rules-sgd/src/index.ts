// @driftlab/rules-sgd: gradient descent (full batch or minibatch) with optional momentum, and the reusable
// scale / momentum / minibatch transforms other rules compose with. Importing registers nothing.
import { sgdPlugin } from './sgd-rule';

export { sgdPlugin, sgdOptionsSchema, type SgdOptions } from './sgd-rule';
export { scale } from './scale';
export { momentum, type MomentumState } from './momentum';
export { minibatch, RowSampler } from './minibatch';

export const plugins = [sgdPlugin];
