import { compilePatterns, definePlugin, runKeys, WatermarkTracker } from '@sluice/sdk';
import { inputRootsOf, resolveFolder } from './allowed-roots.ts';
import { listedKeys, triggerKeys } from './listed-keys.ts';
import { localFileItem, sourceFileOf } from './local-file-item.ts';
import { sourceLocalConfig } from './source-local-config.ts';
import { walkFolder } from './walk-folder.ts';

interface SourceLocalState {
  tracker?: WatermarkTracker;
}

export default definePlugin({
  type: 'source-local',
  version: 1,
  category: 'source',
  title: 'Local folder',
  description: 'Lists the files of a local folder that match glob patterns, as soon as they are listed, inside the allowed roots only.',
  icon: 'folder',
  config: sourceLocalConfig,
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  readsKeyFeed: true,

  open: (): SourceLocalState => ({}),

  async run(config, _input, ctx) {
    const { folder, roots: real } = await resolveFolder(config.folder, ctx.dirs?.graph ?? process.cwd(), inputRootsOf(ctx.access));
    const keys = triggerKeys(ctx.params);
    const matches = compilePatterns(config.patterns);
    const previous = ctx.store.checkpoints.getWatermark(ctx.nodeId);
    const tracker = new WatermarkTracker(previous);
    ctx.state.tracker = tracker;
    // Only prunes listing work: the checkpoint still decides per file, and the lookback keeps late
    // files with older times in view. Files a trigger names are taken whatever their time.
    const horizon = config.mode === 'incremental' && previous && !keys ? previous.getTime() - config.lookbackSeconds * 1000 : -Infinity;

    const onSkip = (key: string, why: string) => ctx.warn(`${folder}/${key} left out: ${why}`);
    // In keys mode: the keys given, then those fed to the run while it goes.
    const listing = keys ? listedKeys(folder, runKeys(keys, ctx.keyFeed, ctx.signal), real, onSkip) : walkFolder(folder, { recursive: config.recursive, roots: real, onSkip, signal: ctx.signal });
    let matched = 0;
    let older = 0;
    for await (const f of listing) {
      if (!matches(f.key)) {
        if (keys) onSkip(f.key, `does not match ${config.patterns.join(', ')}`);
        continue;
      }
      matched++;
      if (matched % 100 === 0) ctx.progress({ done: matched, unit: 'files listed' });
      if (f.modifiedAt.getTime() < horizon) {
        older++;
        continue;
      }
      const origin = sourceFileOf(ctx.nodeId, folder, f);
      tracker.emitted(origin);
      await ctx.emit('files', localFileItem(origin, f.path, config.maxFileSize), { onSettled: (outcome) => tracker.settled(origin, outcome) });
    }
    ctx.progress({ done: matched, total: matched, unit: 'files listed' });
    if (!keys) tracker.listingCompleted();
    if (matched === 0) ctx.warn(`no file in ${folder} matches ${config.patterns.join(', ')}`);
    else ctx.log.info(`listed ${matched} matching files in ${folder}`, { matched, olderThanWatermark: older, watermark: previous?.toISOString() });
  },

  async close(_config, scope, status) {
    const tracker = scope.state.tracker;
    if (!tracker || status === 'cancelled') return;
    const next = tracker.next(scope.store.checkpoints, scope.nodeId);
    if (next) scope.store.transaction((tx) => tx.checkpoints.setWatermark(scope.nodeId, next));
  },
});
