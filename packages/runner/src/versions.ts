// Package versions recorded with every run, so a result says what produced it.
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
  return out;
}
