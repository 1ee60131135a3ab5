import { defineFileSource } from '@sluice/sdk';
import { inputRootsOf, resolveFolder } from './allowed-roots.ts';
import { fileUris } from './file-uris.ts';
import { landLocalUpload } from './land-local-upload.ts';
import { listedKeys } from './listed-keys.ts';
import { localFileItem } from './local-file-item.ts';
import { type SourceLocalConfig, sourceLocalConfig } from './source-local-config.ts';
import { walkFolder } from './walk-folder.ts';

/** One run's folder: its real path, the real input roots, and the config. */
interface LocalFolder {
  folder: string;
  roots: string[];
  config: SourceLocalConfig;
  /** A key's `file:` URL. */
  uri(key: string): string;
}

export default defineFileSource(
  {
    type: 'source-local',
    version: 1,
    title: 'Local folder',
    description: 'Lists the files of a local folder that match glob patterns, as soon as they are listed, inside the allowed roots only.',
    icon: 'folder',
    config: sourceLocalConfig,
    keysAre: 'file paths relative to the folder',

    async connect(config, ctx): Promise<LocalFolder> {
      const { folder, roots } = await resolveFolder(config.folder, ctx.dirs?.graph ?? process.cwd(), inputRootsOf(ctx.access));
      return { folder, roots, config, uri: fileUris(folder) };
    },
    where: (c) => c.folder,
    nameOf: (c, key) => `${c.folder}/${key}`,
    uri: (c, key) => c.uri(key),
    list: (c, config, calls) => walkFolder(c.folder, { recursive: config.recursive, roots: c.roots, onSkip: calls.skip, signal: calls.signal }),
    stat: (c, keys, calls) => listedKeys(c.folder, keys, c.roots, calls.skip),
    open: (c, origin, f) => localFileItem(origin, f.path, c.config.maxFileSize),
    nothingMatched: (c, s) => `no file in ${c.folder} matches ${s.patterns.join(', ')}`,
  },
  { uploads: { land: landLocalUpload } },
);
