#!/usr/bin/env node
// Runs jest over the workspace and ends with the line CI reads: "N passed, N failed[, N skipped]".
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
const out = path.join(root, '.jest-results.json');
try { fs.unlinkSync(out); } catch {}
const args = ['--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const maxWorkers = process.env.JEST_WORKERS || '2';
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), `--maxWorkers=${maxWorkers}`, ...args], { cwd: root, stdio: 'inherit' });
let passed = 0, failed = 0, skipped = 0;
if (fs.existsSync(out)) {
  const res = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = res.numPassedTests; failed = res.numFailedTests; skipped = res.numPendingTests + (res.numTodoTests || 0);
  // A suite that fails to load has no failed tests; count it so it cannot hide.
  failed += res.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
