// A per-run plugin registry: filled explicitly, frozen at run start. Importing a package registers nothing.

import type { PluginDescriptor, PluginKind } from './plugin';

export class PluginRegistry {
  private readonly byId = new Map<string, PluginDescriptor<any, any>>();
  private readonly byAlias = new Map<string, PluginDescriptor<any, any>>();
  private frozen = false;

  constructor(plugins: readonly PluginDescriptor<any, any>[] = []) {
    this.register(...plugins);
  }

  register(...plugins: readonly PluginDescriptor<any, any>[]): this {
    if (this.frozen) throw new Error('plugin registry is frozen: register plugins before the run starts');
    for (const p of plugins) {
      if (!p || typeof p.id !== 'string' || typeof p.create !== 'function') {
        throw new Error(`not a plugin descriptor: ${JSON.stringify(p && (p as { id?: unknown }).id)}`);
      }
      if (this.byId.has(p.id)) throw new Error(`duplicate plugin id "${p.id}"`);
      for (const name of [p.id, ...(p.aliases ?? [])]) {
        const other = this.byAlias.get(name);
        if (other) throw new Error(`plugin name "${name}" of "${p.id}" is already used by "${other.id}"`);
      }
      this.byId.set(p.id, p);
      for (const name of [p.id, ...(p.aliases ?? [])]) this.byAlias.set(name, p);
    }
    return this;
  }

  freeze(): this {
    this.frozen = true;
    return this;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Look a plugin up by id or alias; undefined when unknown or of another kind. */
  find(name: string, kind?: PluginKind): PluginDescriptor<any, any> | undefined {
    const p = this.byAlias.get(name);
    return p && (!kind || p.kind === kind) ? p : undefined;
  }

  get(name: string, kind?: PluginKind): PluginDescriptor<any, any> {
    const p = this.find(name, kind);
    if (!p) throw new Error(`unknown ${kind ?? 'plugin'} "${name}"; known: ${this.names(kind).join(', ') || '(none)'}`);
    return p;
  }

  list(kind?: PluginKind): PluginDescriptor<any, any>[] {
    return [...this.byId.values()].filter((p) => !kind || p.kind === kind);
  }

  /** The short names (first alias, else id) of the plugins of a kind. */
  names(kind?: PluginKind): string[] {
    return this.list(kind).map((p) => p.aliases?.[0] ?? p.id);
  }
}
