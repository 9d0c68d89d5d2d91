// The plugins driftlab ships. A run's registry is built from these (plus any the caller adds), then frozen.
import { PluginRegistry, type PluginDescriptor } from '@driftlab/core';
import { plugins as engine } from '@driftlab/engine';
import { plugins as metrics } from '@driftlab/metrics';
import { plugins as dropout } from '@driftlab/rules-dropout';
import { plugins as labelNoise } from '@driftlab/rules-label-noise';
import { plugins as sgd } from '@driftlab/rules-sgd';
import { plugins as updateNoise } from '@driftlab/rules-update-noise';
import { plugins as tasks } from '@driftlab/tasks';

export function builtinPlugins(): PluginDescriptor<any, any>[] {
  return [...tasks, ...engine, ...sgd, ...updateNoise, ...labelNoise, ...dropout, ...metrics] as PluginDescriptor<any, any>[];
}

/** A fresh registry with the built-in plugins and any extra ones (e.g. a researcher's own rule). */
export function createRegistry(extra: readonly PluginDescriptor<any, any>[] = []): PluginRegistry {
  return new PluginRegistry([...builtinPlugins(), ...extra]);
}
