import { ContainerModule, TYPES, createContainer, silentLogger, type Logger } from './services';

describe('services container', () => {
  it('provides core defaults and lets a module replace one', () => {
    expect(createContainer().get<Logger>(TYPES.Logger)).toBe(silentLogger);
    const lines: string[] = [];
    const mine: Logger = { ...silentLogger, info: (m) => lines.push(m) };
    const c = createContainer(new ContainerModule((o) => { o.bind<Logger>(TYPES.Logger).toConstantValue(mine); }));
    c.get<Logger>(TYPES.Logger).info('hello');
    expect(lines).toEqual(['hello']);
    expect(typeof c.get<{ now(): number }>(TYPES.Clock).now()).toBe('number');
  });
});
