#!/usr/bin/env node
// The `drift` command. Runs the compiled CLI (npm run build compiles it; `npm ci` does so via prepare).
const path = require('path');
const fs = require('fs');
const main = path.join(__dirname, '..', 'dist', 'main.js');
// `drift … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => { if (e && e.code === 'EPIPE') process.exit(0); throw e; });
if (!fs.existsSync(main)) {
  console.error('drift: the CLI is not built yet. Run `npm run build` at the repository root (npm ci does it for you).');
  process.exit(1);
}
require(main)
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((e) => { console.error(`drift: ${e && e.stack ? e.stack : e}`); process.exitCode = 1; });
