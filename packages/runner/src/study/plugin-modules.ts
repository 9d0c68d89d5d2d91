// Researchers' own plugins in a study: modules that export `plugins` (like every driftlab package). The
// coordinator loads them to validate the plan, and every worker loads them to build its runs.
import * as path from 'path';
import type { PluginDescriptor } from '@driftlab/core';

const cache = new Map<string, PluginDescriptor<any, any>[]>();

/** Make relative module paths absolute (against `baseDir`); package names stay as they are. */
export function resolvePluginSpecifiers(specs: readonly string[], baseDir: string): string[] {
  return specs.map((s) => (s.startsWith('.') ? path.resolve(baseDir, s) : s));
}

/** Load plugin modules (absolute paths or package names). Throws naming the module that has no `plugins`. */
export function loadPluginModules(specs: readonly string[]): PluginDescriptor<any, any>[] {
  const out: PluginDescriptor<any, any>[] = [];
  for (const spec of specs) {
    let list = cache.get(spec);
    if (!list) {
      let mod: any;
      try {
        // A researcher's module, named at run time: a dynamic require is the point here.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        mod = require(spec);
      } catch (e) {
        throw new Error(`plugin module "${spec}" could not be loaded: ${(e as Error).message}`);
      }
      const found = mod?.plugins ?? mod?.default?.plugins;
      if (!Array.isArray(found)) throw new Error(`plugin module "${spec}" exports no "plugins" array`);
      list = found as PluginDescriptor<any, any>[];
      cache.set(spec, list);
    }
    out.push(...list);
  }
  return out;
}
