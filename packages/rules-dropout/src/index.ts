// @driftlab/rules-dropout: dropout and DropConnect masks for training steps. Importing registers nothing.
import { dropoutPlugin } from './dropout-rule';

export { dropoutPlugin, dropoutOptionsSchema, type DropoutOptions } from './dropout-rule';
export { dropout, type DropoutSettings } from './dropout';

export const plugins = [dropoutPlugin];
