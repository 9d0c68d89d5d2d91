// Development entry of the pool's worker threads (sources, not dist): register TypeScript, then load the worker.
'use strict';
require('./ts-register');
module.exports = require('../pool-worker.ts');
