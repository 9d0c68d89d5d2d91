// Named configs shipped with driftlab (packages/runner/presets/*.json).
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, '..', 'presets');

export function presetNames(): string[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export function loadPreset(name: string): Record<string, unknown> {
  const file = path.join(DIR, `${name}.json`);
  if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(file)) {
    throw new Error(`unknown preset "${name}"; known presets: ${presetNames().join(', ')}`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
