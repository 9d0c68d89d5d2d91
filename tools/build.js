#!/usr/bin/env node
// Builds the workspace: wasm kernels first (packages that define build:wasm), then every package with tsc -b.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build failed: ${cmd} ${args.join(' ')} (in ${path.relative(root, cwd) || '.'})`);
    process.exit(r.status || 1);
  }
}

for (const p of fs.readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', p);
  const pj = path.join(dir, 'package.json');
  if (!fs.existsSync(pj)) continue;
  const scripts = JSON.parse(fs.readFileSync(pj, 'utf8')).scripts || {};
  if (scripts['build:wasm']) run('npm', ['run', '--silent', 'build:wasm'], dir);
}
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json']);
