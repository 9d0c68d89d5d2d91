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
  // Transpiled files are cached by content hash, so each new thread or process starts fast.
  const crypto = require('crypto');
  const os = require('os');
  const cacheDir = path.join(os.tmpdir(), `driftlab-swc-${require('@swc/core/package.json').version}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  Module._extensions['.ts'] = function (module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
    } catch {
      code = swc.transformSync(source, options(filename)).code;
      const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    }
    module._compile(code, filename);
  };
}
