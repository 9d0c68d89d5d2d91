// Package versions recorded with every run, so a result says what produced it.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const PACKAGES = ['core', 'engine', 'tasks', 'metrics', 'rules-sgd', 'rules-update-noise', 'rules-label-noise', 'rules-dropout', 'runner'];

export function driftlabVersions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version };
  for (const p of PACKAGES) {
    try {
      const file = require.resolve(`@driftlab/${p}/package.json`);
      out[`@driftlab/${p}`] = JSON.parse(fs.readFileSync(file, 'utf8')).version;
    } catch {
      // Inside jest the packages resolve to sources; fall back to the workspace folder.
      const file = path.join(__dirname, '..', '..', p, 'package.json');
      if (fs.existsSync(file)) out[`@driftlab/${p}`] = JSON.parse(fs.readFileSync(file, 'utf8')).version;
    }
  }
  // Kernels are a build output: two machines with the same package versions may still differ in them.
  try {
    const wasm = path.join(path.dirname(require.resolve('@driftlab/engine/package.json')), 'build', 'kernels.wasm');
    if (fs.existsSync(wasm)) out['@driftlab/engine/kernels.wasm'] = 'sha256:' + createHash('sha256').update(fs.readFileSync(wasm)).digest('hex').slice(0, 16);
  } catch {
    // No engine package resolvable (jest maps it to sources): nothing to record.
  }
  return out;
}
