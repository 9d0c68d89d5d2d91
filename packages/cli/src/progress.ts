// Live progress on a terminal: steps/s, ETA, loss, active fraction. Silent when stderr is not a TTY.
import { SingleBar } from 'cli-progress';
import type { ProgressSink, ProgressStats, RunInfo } from '@driftlab/core';

export function terminalProgress(enabled: boolean): ProgressSink {
  if (!enabled) return { start() {}, update() {}, stop() {} };
  let bar: SingleBar | undefined;
  let t0 = 0;
  return {
    start(info: RunInfo) {
      t0 = performance.now();
      bar = new SingleBar(
        { format: ' {bar} {percentage}% | step {value}/{total} | {rate} steps/s | ETA {eta_formatted} | loss {loss} | active {active}', hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 20 },
      );
      bar.start(info.steps, 0, { rate: '-', loss: '-', active: '-' });
    },
    update(s: ProgressStats) {
      const secs = (performance.now() - t0) / 1000;
      bar?.update(s.step, {
        rate: secs > 0 ? Math.round(s.step / secs).toLocaleString('en-US') : '-',
        loss: s.loss === undefined ? '-' : s.loss.toExponential(2),
        active: s.activeFraction === undefined ? '-' : s.activeFraction.toFixed(3),
      });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
