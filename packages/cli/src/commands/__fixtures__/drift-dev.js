// `drift` from the TypeScript sources (tests spawn it: no build needed). Same as bin/drift.js otherwise.
'use strict';
require('../../../../runner/src/study/dev/ts-register');
require('../../main.ts')
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((e) => { console.error(`drift: ${e && e.stack ? e.stack : e}`); process.exitCode = 1; });
