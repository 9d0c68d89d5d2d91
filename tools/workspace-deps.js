#!/usr/bin/env node
// Keeps each package's declared @driftlab dependencies and tsconfig references equal to what its sources import
// (spec files and __fixtures__ excluded), so every package publishes and builds on its own.
//   node tools/workspace-deps.js          report mismatches, exit 1 if any
//   node tools/workspace-deps.js --fix    rewrite package.json dependencies and tsconfig.json references
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function sourceFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '__fixtures__' && e.name !== 'node_modules' && e.name !== 'dist') out.push(...sourceFiles(p));
    } else if (/\.ts$/.test(e.name) && !/\.spec\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** @returns {{name: string, dir: string, imports: Set<string>, declared: Set<string>, refs: Set<string>}[]} */
function scan(pkgRoot = root) {
  const pkgs = fs.readdirSync(path.join(pkgRoot, 'packages')).filter((p) => fs.existsSync(path.join(pkgRoot, 'packages', p, 'package.json')));
  return pkgs.map((p) => {
    const dir = path.join(pkgRoot, 'packages', p);
    const imports = new Set();
    if (fs.existsSync(path.join(dir, 'src'))) {
      for (const f of sourceFiles(path.join(dir, 'src'))) {
        const text = fs.readFileSync(f, 'utf8');
        for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)'@driftlab\/([a-z0-9-]+)/g)) if (m[1] !== p) imports.add(m[1]);
      }
    }
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const declared = new Set(Object.keys(pj.dependencies || {}).filter((d) => d.startsWith('@driftlab/')).map((d) => d.slice(10)));
    const ts = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    const refs = new Set((ts.references || []).map((r) => path.basename(r.path)));
    return { name: p, dir, imports, declared, refs };
  });
}

function problems(pkgs) {
  const out = [];
  for (const p of pkgs) {
    for (const i of p.imports) {
      if (!p.declared.has(i)) out.push(`packages/${p.name}: imports @driftlab/${i} but package.json does not depend on it`);
      if (!p.refs.has(i)) out.push(`packages/${p.name}: imports @driftlab/${i} but tsconfig.json has no reference to ../${i}`);
    }
    for (const d of p.declared) if (!p.imports.has(d)) out.push(`packages/${p.name}: depends on @driftlab/${d} but never imports it`);
  }
  return out;
}

function fix(pkgs) {
  for (const p of pkgs) {
    const pjFile = path.join(p.dir, 'package.json');
    const pj = JSON.parse(fs.readFileSync(pjFile, 'utf8'));
    const deps = Object.fromEntries(Object.entries(pj.dependencies || {}).filter(([d]) => !d.startsWith('@driftlab/')));
    for (const i of [...p.imports].sort()) deps[`@driftlab/${i}`] = JSON.parse(fs.readFileSync(path.join(root, 'packages', i, 'package.json'), 'utf8')).version;
    pj.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
    fs.writeFileSync(pjFile, JSON.stringify(pj, null, 2) + '\n');
    const tsFile = path.join(p.dir, 'tsconfig.json');
    const ts = JSON.parse(fs.readFileSync(tsFile, 'utf8'));
    ts.references = [...p.imports].sort().map((i) => ({ path: `../${i}` }));
    fs.writeFileSync(tsFile, JSON.stringify(ts, null, 2) + '\n');
  }
}

if (require.main === module) {
  const pkgs = scan();
  if (process.argv.includes('--fix')) {
    fix(pkgs);
    console.log('dependencies and references rewritten; run `npm install` to update the lockfile.');
  } else {
    const p = problems(pkgs);
    for (const l of p) console.log(l);
    if (p.length) process.exit(1);
    console.log('workspace dependencies match the imports');
  }
}

module.exports = { scan, problems };
