// The wasm kernels load and run in a browser: the engine's wasm path bundled by esbuild (platform browser, Node
// built-ins left out), served over HTTP with the built kernels.wasm, run in headless Chromium (Debian's, driven by
// playwright-core), gives the same numbers as the same run in Node, bit for bit. Skips, saying why, where there
// is no Chromium (.ci/run installs Debian's).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { fusedRun } from './__fixtures__/browser-run';

const chromiumPath = [process.env.DRIFTLAB_CHROMIUM, '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
if (!chromiumPath) console.warn('browser.spec: skipped — no Chromium at /usr/bin/chromium (apt-get install chromium, or set DRIFTLAB_CHROMIUM)');
const maybe = chromiumPath ? describe : describe.skip;

maybe('wasm kernels in a browser (headless Chromium)', () => {
  let server: http.Server;
  let base = '';

  beforeAll(async () => {
    ensureKernelsBuilt();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const bundle = esbuild.buildSync({
      entryPoints: [path.join(__dirname, '__fixtures__', 'browser-run.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'driftlab',
      platform: 'browser',
      external: ['node:*'],
      target: 'es2022',
      write: false,
    }).outputFiles[0].text;
    const files: Record<string, [string, string | Buffer]> = {
      '/': ['text/html', '<!doctype html><script src="/run.js"></script>'],
      '/run.js': ['text/javascript', bundle],
      '/kernels.wasm': ['application/wasm', fs.readFileSync(path.join(__dirname, '..', '..', 'build', 'kernels.wasm'))],
    };
    server = http.createServer((req, res) => {
      const f = files[req.url ?? ''];
      res.writeHead(f ? 200 : 404, { 'content-type': f ? f[0] : 'text/plain' });
      res.end(f ? f[1] : 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('loads kernels.wasm with loadWasmKernels(url) and runs fused steps with the numbers of Node', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base + '/');
      const got = await page.evaluate(async () => {
        const d = (globalThis as unknown as { driftlab: typeof import('./__fixtures__/browser-run') }).driftlab;
        await d.loadWasmKernels('/kernels.wasm');
        return { f64: d.fusedRun('float64', 40), f32: d.fusedRun('float32', 40), node: typeof process };
      });
      expect(errors).toEqual([]);
      expect(got.node).toBe('undefined'); // really a browser, not Node
      const want = { f64: fusedRun('float64', 40), f32: fusedRun('float32', 40) };
      expect(got.f64.loss).toBe(want.f64.loss);
      expect(got.f64.params).toEqual(want.f64.params);
      expect(got.f32.params).toEqual(want.f32.params);
      expect(want.f64.params.every(Number.isFinite)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
