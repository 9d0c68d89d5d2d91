// @driftlab/cli: the drift command line.
export { main, buildProgram } from './main';
export type { CliIO } from './io';
