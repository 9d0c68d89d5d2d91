#!/usr/bin/env node
// Creates a workspace package: node tools/new-package.js <name> [--deps core,engine] [--description "..."]
// Used for every package in packages/; `npm run new-rule -- <name>` makes a rule plugin package.
const fs = require('fs');
const path = require('path');

function parse(argv) {
  const o = { deps: [], description: '', rule: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--deps') o.deps = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--description') o.description = argv[++i];
    else if (argv[i] === '--rule') o.rule = true;
    else rest.push(argv[i]);
  }
  o.name = rest[0];
  return o;
}

function main() {
  const o = parse(process.argv.slice(2));
  if (!o.name || !/^[a-z][a-z0-9-]*$/.test(o.name)) {
    console.error('usage: node tools/new-package.js <name> [--deps core,engine] [--description "…"] [--rule]');
    console.error('  <name>: lower-case letters, digits and dashes, e.g. rules-adam');
    process.exit(2);
  }
  const root = path.join(__dirname, '..');
  const dir = path.join(root, 'packages', o.name);
  if (fs.existsSync(dir)) {
    console.error(`packages/${o.name} exists already; pick another name.`);
    process.exit(2);
  }
  const deps = o.rule && !o.deps.includes('core') ? ['core', ...o.deps] : o.deps;
  const version = require(path.join(root, 'package.json')).version;
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  const pkg = {
    name: `@driftlab/${o.name}`,
    version,
    description: o.description,
    license: 'Apache-2.0',
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist', 'README.md'],
    sideEffects: false,
    scripts: {
      build: 'tsc -b',
      typecheck: 'tsc -b',
      test: `jest --config ../../jest.config.js --rootDir ../.. packages/${o.name}`,
      lint: 'eslint src',
    },
    dependencies: Object.fromEntries(deps.map((d) => [`@driftlab/${d}`, version])),
    nx: { tags: [o.name.startsWith('rules-') ? 'type:rule' : `type:${o.name}`] },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  const tsconfig = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { outDir: 'dist', rootDir: 'src', tsBuildInfoFile: 'dist/.tsbuildinfo' },
    include: ['src'],
    exclude: ['src/**/*.spec.ts', 'src/**/__fixtures__'],
    references: deps.map((d) => ({ path: `../${d}` })),
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
  if (o.rule) {
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), ruleTemplate(o.name));
    fs.writeFileSync(path.join(dir, 'src', 'index.spec.ts'), ruleSpecTemplate(o.name));
  } else {
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), `// @driftlab/${o.name}: ${o.description}\nexport {};\n`);
  }
  fs.writeFileSync(path.join(dir, 'README.md'), `# @driftlab/${o.name}\n\n${o.description}\n`);
  // The workspace build (tsc -b tsconfig.build.json) must know the new package.
  const buildFile = path.join(root, 'tsconfig.build.json');
  const build = JSON.parse(fs.readFileSync(buildFile, 'utf8'));
  if (!build.references.some((r) => r.path === `packages/${o.name}`)) {
    build.references.push({ path: `packages/${o.name}` });
    fs.writeFileSync(buildFile, JSON.stringify(build, null, 2) + '\n');
  }
  console.log(`created packages/${o.name}; run \`npm install\` to link it, then \`npm run build\`.`);
}

function ruleTemplate(name) {
  const short = name.replace(/^rules-/, '');
  return `// @driftlab/${name}: a learning-rule plugin. Edit create() to return the parts your rule changes.
import type { RulePlugin, UpdateTransform } from '@driftlab/core';

export interface Options {
  scale: number;
}

export const ${camel(short)}Rule: RulePlugin<Options> = {
  id: '@driftlab/${name}',
  kind: 'rule',
  aliases: ['${short}'],
  description: 'Describe what this rule does to the updates.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { scale: { type: 'number', minimum: 0, default: 1 } },
  },
  create(options) {
    const t: UpdateTransform<null> = {
      name: '${short}',
      stage: 'gradient',
      init: () => null,
      update(updates, state) {
        for (let i = 0; i < updates.length; i++) updates[i] *= options.scale;
        return state;
      },
    };
    return { updates: [t] };
  },
};

export const plugins = [${camel(short)}Rule];
`;
}

function ruleSpecTemplate(name) {
  const short = name.replace(/^rules-/, '');
  return `import { ${camel(short)}Rule } from './index';

describe('${name}', () => {
  it('scales the gradient by options.scale', () => {
    const parts = ${camel(short)}Rule.create({ scale: 2 }, {} as any);
    const t = parts.updates![0];
    const u = new Float64Array([1, -2, 3]);
    t.update(u, t.init(u), u, {} as any);
    expect(Array.from(u)).toEqual([2, -4, 6]);
  });
});
`;
}

function camel(s) {
  return s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

main();
