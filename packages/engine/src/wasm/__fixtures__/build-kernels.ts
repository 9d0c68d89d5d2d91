// Tests run from source: rebuild build/kernels.wasm and build/kernels-shared.wasm first when either is missing
// or older than assembly/*.ts (the workspace build does this too, via the package's build:wasm script).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const pkg = path.join(__dirname, '..', '..', '..');

export function ensureKernelsBuilt(): void {
  const outs = ['kernels.wasm', 'kernels-shared.wasm'].map((f) => path.join(pkg, 'build', f));
  const srcDir = path.join(pkg, 'assembly');
  const newest = Math.max(...fs.readdirSync(srcDir).map((f) => fs.statSync(path.join(srcDir, f)).mtimeMs));
  if (outs.every((out) => fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest)) return;
  const script: string = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).scripts['build:wasm'];
  const asc = require.resolve('assemblyscript/bin/asc.js');
  for (const command of script.split('&&')) {
    const args = command.trim().split(/\s+/).slice(1); // drop "asc"
    const r = spawnSync(process.execPath, [asc, ...args], { cwd: pkg, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the wasm kernels failed:\n${r.stdout}\n${r.stderr}`);
  }
}
