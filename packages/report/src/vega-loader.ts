// Loads vega and vega-lite from their UMD builds. Both packages are ESM-only ("type": "module"), which
// CommonJS code and jest cannot require; the UMD bundles (vega/build/vega.js, vega-lite/build/vega-lite.min.js)
// are self-contained scripts that run anywhere. vega-lite 6.5 declares node ≥ 22 but compiles and renders on
// node 20 (checked in render.spec.ts).
import * as fs from 'fs';
import * as path from 'path';

/** The parts of the vega / vega-lite APIs used here. */
export interface VegaModule {
  View: new (runtime: unknown, opts: { renderer: 'none' | 'svg' }) => { toSVG(scale?: number): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
  version: string;
}
export interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
  version: string;
}

let cached: { vega: VegaModule; vl: VegaLiteModule } | undefined;

function findFile(pkg: string, rel: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, rel);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`${pkg} is not installed (node_modules/${pkg}/${rel} not found); it is needed to render figures`);
}

function loadUmd(file: string, deps: Record<string, unknown>): unknown {
  const module = { exports: {} as unknown };
  const req = (id: string) => {
    if (id in deps) return deps[id];
    throw new Error(`${path.basename(file)} requires ${id}, which is not provided`);
  };
  // The UMD wrapper takes the CommonJS branch when `module` and `exports` exist.
  new Function('module', 'exports', 'require', fs.readFileSync(file, 'utf8'))(module, module.exports, req);
  return module.exports;
}

export function loadVega(): { vega: VegaModule; vl: VegaLiteModule } {
  if (!cached) {
    const vega = loadUmd(findFile('vega', 'build/vega.js'), {}) as VegaModule;
    const vl = loadUmd(findFile('vega-lite', 'build/vega-lite.min.js'), { vega }) as VegaLiteModule;
    cached = { vega, vl };
  }
  return cached;
}
