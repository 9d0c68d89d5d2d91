// Study presets shipped with driftlab (packages/runner/presets/studies/*.json).
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, '..', '..', 'presets', 'studies');

export function studyPresetNames(): string[] {
  return fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

export function loadStudyPreset(name: string): Record<string, unknown> {
  const file = path.join(DIR, `${name}.json`);
  if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(file)) {
    throw new Error(`unknown study preset "${name}"; known study presets: ${studyPresetNames().join(', ') || '(none)'}`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
