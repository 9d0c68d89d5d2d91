// Development only: lets a plain `node` process or worker thread load driftlab's TypeScript sources, the way
// jest does (@swc/core transpiles each .ts file on require; @driftlab/<pkg> maps to packages/<pkg>/src).
// Worker threads and child processes started from tests use it; built code (dist) never does.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

if (!Module._extensions['.ts']) {
  const swc = require('@swc/core');
  const packages = path.resolve(__dirname, '..', '..', '..', '..');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, isMain, options) {
    const m = /^@driftlab\/([a-z0-9-]+)$/.exec(request);
    if (m) {
      const file = path.join(packages, m[1], 'src', 'index.ts');
      if (fs.existsSync(file)) return file;
    }
    return resolve.call(this, request, parent, isMain, options);
  };
  const options = (filename) => ({
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  Module._extensions['.ts'] = function (module, filename) {
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), options(filename));
    module._compile(code, filename);
  };
}
