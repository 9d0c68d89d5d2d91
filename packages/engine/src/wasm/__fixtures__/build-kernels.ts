// Tests run from source: rebuild build/kernels.wasm first when it is missing or older than assembly/*.ts
// (the workspace build does this too, via the package's build:wasm script).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const pkg = path.join(__dirname, '..', '..', '..');

export function ensureKernelsBuilt(): void {
  const out = path.join(pkg, 'build', 'kernels.wasm');
  const srcDir = path.join(pkg, 'assembly');
  const newest = Math.max(...fs.readdirSync(srcDir).map((f) => fs.statSync(path.join(srcDir, f)).mtimeMs));
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) return;
  const script: string = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).scripts['build:wasm'];
  const args = script.split(/\s+/).slice(1); // drop "asc"
  const asc = require.resolve('assemblyscript/bin/asc.js');
  const r = spawnSync(process.execPath, [asc, ...args], { cwd: pkg, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the wasm kernels failed:\n${r.stdout}\n${r.stderr}`);
}
