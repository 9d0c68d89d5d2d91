import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from './main';
import type { CliIO } from './io';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTTY: false, onInterrupt: () => () => {} };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-cli-'));
const config = {
  engine: 'reference',
  task: { id: 'random', options: { nSamples: 5, inputDim: 4, outputDim: 3 } },
  model: { id: 'mlp', options: { hidden: [12] } },
  rules: [{ id: 'sgd' }, { id: 'update-noise', options: { std: 0.02 } }],
  schedule: { steps: 300, evaluations: 10, snapshots: 3 },
};

function writeConfig(dir: string, cfg: unknown): string {
  const f = path.join(dir, 'config.json');
  fs.writeFileSync(f, JSON.stringify(cfg));
  return f;
}

describe('drift run', () => {
  it('runs a config and prints the summary as the last JSON line', async () => {
    const dir = tmp();
    const io = capture();
    const out = path.join(dir, 'out');
    const code = await main(['run', writeConfig(dir, config), '--out', out, '--json', '--seed', '5'], io);
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout[io.stdout.length - 1]);
    expect(summary).toMatchObject({ steps: 300, seed: 5, status: 'completed', outDir: out });
    for (const k of ['loss', 'activeFraction', 'activeUnits', 'meanSI', 'placeUnits']) {
      expect(summary[k]).toHaveProperty('first');
      expect(summary[k]).toHaveProperty('last');
    }
    expect(summary.loss).toHaveProperty('convergedAtStep');
    expect(summary).toHaveProperty('timescale');
    expect(fs.existsSync(path.join(out, 'summary.json'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).config.seed).toBe(5);
  });

  it('exits 2 with a pointer message for a wrong type, and writes nothing', async () => {
    const dir = tmp();
    const io = capture();
    const out = path.join(dir, 'out');
    const bad = { ...config, rules: [{ id: 'sgd', options: { lr: 'fast' } }] };
    expect(await main(['run', writeConfig(dir, bad), '--out', out], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('rules[0] (@driftlab/rules-sgd): /options/lr must be number');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 for an unknown plugin, naming the known ones', async () => {
    const dir = tmp();
    const io = capture();
    const bad = { ...config, rules: [{ id: 'sgd' }, { id: 'adamw' }] };
    expect(await main(['run', writeConfig(dir, bad), '--out', path.join(dir, 'o')], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/rules\[1\]: \/id unknown rule plugin "adamw"; known: .*sgd/);
    expect(fs.existsSync(path.join(dir, 'o'))).toBe(false);
  });

  it('exits 2 for bad flags, missing files, invalid JSON and a non-empty output directory', async () => {
    const dir = tmp();
    const f = writeConfig(dir, config);
    const io = capture();
    expect(await main(['run', f, '--steps', 'many'], io)).toBe(2);
    expect(io.stderr.pop()).toBe('drift: --steps must be an integer ≥ 1, got "many"');
    expect(await main(['run', path.join(dir, 'missing.json')], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/config file not found/);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"task": ');
    expect(await main(['run', path.join(dir, 'broken.json')], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/broken.json: not valid JSON/);
    expect(await main(['run', f, '--out', dir], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/is not empty; choose another --out or pass --force/);
    expect(await main(['run', '--preset', 'nope'], io)).toBe(2);
    expect(io.stderr.pop()).toMatch(/unknown preset "nope"; known presets: .*fig2-quick/);
    expect(await main(['run'], io)).toBe(2);
  });

  it('lists presets', async () => {
    const io = capture();
    expect(await main(['presets'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/fig2-quick\s+Fig\. 2 in about a minute/);
  });
});

describe('drift run --plugin', () => {
  it('loads a researcher plugin module and uses its rule', async () => {
    const dir = tmp();
    const mod = path.join(dir, 'my-rule.js');
    fs.writeFileSync(
      mod,
      `exports.plugins = [{ id: 'my-lab/halve', kind: 'rule', aliases: ['halve'],
        optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
        create: () => ({ updates: [{ name: 'halve', stage: 'optimizer', init: () => null,
          update: (u, s) => { for (let i = 0; i < u.length; i++) u[i] *= 0.5; return s; } }] }) }];`,
    );
    const cfg = { ...config, rules: [{ id: 'sgd' }, { id: 'halve' }] };
    const io = capture();
    expect(await main(['run', writeConfig(dir, cfg), '--plugin', mod, '--out', path.join(dir, 'o'), '--json'], io)).toBe(0);
    const cfgRecord = JSON.parse(fs.readFileSync(path.join(dir, 'o', 'config.json'), 'utf8'));
    expect(cfgRecord.config.rules[1].id).toBe('my-lab/halve');
    const io2 = capture();
    expect(await main(['run', writeConfig(dir, cfg), '--plugin', path.join(dir, 'none.js')], io2)).toBe(2);
    expect(io2.stderr.pop()).toMatch(/--plugin: plugin module ".*none\.js" could not be loaded/);
  });
});
