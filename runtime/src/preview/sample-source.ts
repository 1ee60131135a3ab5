import { z } from 'zod';
import { type AnyNodePlugin, definePlugin, type FileItem } from '@sluice/sdk';

/**
 * The type of the source that hands a preview its sample file. Node types are kebab-case, so no
 * installed plugin can take this name.
 */
export const SAMPLE_SOURCE_TYPE = 'preview:sample';

/** A source that emits one given file (an upload, a file on this machine): a preview's graph starts with it. */
export function sampleSource(file: FileItem): AnyNodePlugin {
  return definePlugin({
    type: SAMPLE_SOURCE_TYPE,
    version: 1,
    category: 'source',
    title: 'Sample file',
    description: 'The file a preview was given',
    config: z.strictObject({}),
    inputs: {},
    outputs: { files: { kind: 'files', title: 'Files' } },
    async run(_config, _input, ctx) {
      await ctx.emit('files', file);
    },
  });
}
