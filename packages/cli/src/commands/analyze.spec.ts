import * as fs from 'fs';
import * as path from 'path';
import { main } from '../main';
import type { CliIO } from '../io';
import { makeExperiment, tmpDir, writeZivMultipleMaps } from '../../../recordings/src/__fixtures__/synthetic';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTTY: false, onInterrupt: () => () => {} };
}

describe('drift analyze', () => {
  it('prints the JSON summary of a synthetic Ziv-layout dataset and writes figures', async () => {
    const root = tmpDir('driftlab-analyze-');
    writeZivMultipleMaps(root, [makeExperiment({ seed: 1 }), makeExperiment({ seed: 2 })]);
    const io = capture();
    const report = path.join(root, 'report');
    expect(await main(['analyze', root, '--json', '--report', report], io)).toBe(0);
    const s = JSON.parse(io.stdout[io.stdout.length - 1]);
    expect(s.animals).toBeGreaterThanOrEqual(1);
    expect(s.perSession.length).toBe(s.sessions);
    for (const row of s.perSession) {
      expect(row.fractionActive).toBeGreaterThan(0);
      expect(row.fractionActive).toBeLessThanOrEqual(1);
      expect(row.nCells).toBeGreaterThan(0);
    }
    expect(s.slopes.fractionActive).toHaveProperty('p');
    expect(fs.readdirSync(report).some((f) => f.endsWith('.png'))).toBe(true);
  });

  it('names the file and field of malformed data and exits 2', async () => {
    const root = tmpDir('driftlab-analyze-bad-');
    writeZivMultipleMaps(root, [makeExperiment({ seed: 3 })]);
    const exp = fs.readdirSync(root).find((d) => fs.statSync(path.join(root, d)).isDirectory())!;
    const f = path.join(root, exp, 's1_behavior.csv');
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines[3] = lines[3].replace(/[-\d.]+/, 'abc');
    fs.writeFileSync(f, lines.join('\n'));
    const io = capture();
    expect(await main(['analyze', root, '--json'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/s1_behavior\.csv:\d+/);
  });

  it('refuses a missing folder and an unknown format', async () => {
    const io = capture();
    expect(await main(['analyze', '/no/such/dir'], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/dataset directory not found/);
    expect(await main(['analyze', '.', '--format', 'mat'], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/--format must be one of/);
  });
});
