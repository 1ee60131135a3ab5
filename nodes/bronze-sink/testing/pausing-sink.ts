import { writeFileSync } from 'node:fs';
import type { AnyNodePlugin, Landing } from '@sluice/sdk';
import bronzeSink from '../src/index.ts';

const forever = () => new Promise<never>(() => {});

/**
 * bronze-sink, stopped for good at one step of its `n`th landing, so that the crash test can look at
 * the table there and then SIGKILL the process. `spec` is `<step>:<n>`:
 * - `before-commit`: the part is written and held (durable, pending) and never recorded;
 * - `after-commit`: the part is recorded in the store and never given its final name.
 * Every later landing stops at the same step. `marker` is written once the first one has stopped.
 */
export function pausingSink(spec: string, marker: string): AnyNodePlugin {
  const [step, nth] = spec.split(':');
  let landings = 0;
  const stopped = () => writeFileSync(marker, step!);
  const paused: typeof bronzeSink = {
    ...bronzeSink,
    async run(config, input, ctx) {
      let held = false;
      await bronzeSink.run(config, input, {
        ...ctx,
        land(landing: Landing) {
          if (++landings < Number(nth)) return ctx.land(landing);
          if (step === 'before-commit') held = true;
          else ctx.land({ ...landing, afterCommit: () => (stopped(), forever()) });
        },
      });
      // Written and held, never handed to the executor: the file never settles, and the run hangs.
      if (held) {
        stopped();
        await forever();
      }
    },
  };
  return paused as AnyNodePlugin;
}
