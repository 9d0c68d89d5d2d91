import { PluginRegistry } from './registry';
import type { PluginDescriptor } from './plugin';

const p = (id: string, kind: PluginDescriptor['kind'], aliases: string[] = []): PluginDescriptor => ({
  id,
  kind,
  aliases,
  optionsSchema: { type: 'object' },
  create: () => ({}),
});

describe('PluginRegistry', () => {
  it('finds plugins by id or alias and filters by kind', () => {
    const r = new PluginRegistry([p('@x/sgd', 'rule', ['sgd']), p('@x/random', 'task', ['random'])]);
    expect(r.get('sgd').id).toBe('@x/sgd');
    expect(r.get('@x/random', 'task').id).toBe('@x/random');
    expect(r.find('sgd', 'task')).toBeUndefined();
    expect(r.names('rule')).toEqual(['sgd']);
    expect(() => r.get('adam', 'rule')).toThrow('unknown rule "adam"; known: sgd');
  });

  it('throws on duplicate ids and on alias collisions', () => {
    const r = new PluginRegistry([p('@x/a', 'rule', ['a'])]);
    expect(() => r.register(p('@x/a', 'rule'))).toThrow('duplicate plugin id "@x/a"');
    expect(() => r.register(p('@x/b', 'rule', ['a']))).toThrow('plugin name "a" of "@x/b" is already used by "@x/a"');
  });

  it('refuses registration once frozen', () => {
    const r = new PluginRegistry().freeze();
    expect(r.isFrozen).toBe(true);
    expect(() => r.register(p('@x/a', 'rule'))).toThrow(/frozen/);
  });

  it('rejects things that are not descriptors', () => {
    expect(() => new PluginRegistry([{ id: 3 } as unknown as PluginDescriptor])).toThrow(/not a plugin descriptor/);
  });
});
