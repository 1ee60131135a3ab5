import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '@sluice/sdk';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { localFileItem } from '../preview/local-file-item.ts';
import { MAX_PREVIEW_ROWS, previewFile } from '../preview/preview-file.ts';
import { secretResolver } from '@sluice/store';
import { openTempStore } from '@sluice/store';
import { dataDirOf, pluginsDirOf, UsageError } from './cli-paths.ts';

/** `sluice preview <file>`: the inferred schema and first rows as JSON, by the same code as the API. */
export async function previewCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { type: { type: 'string' }, config: { type: 'string' }, rows: { type: 'string' }, data: { type: 'string' }, plugins: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('sluice preview takes one file: sluice preview <file> [--type T] [--config JSON] [--rows N]');
  let config: unknown;
  if (values.config !== undefined) {
    try {
      config = JSON.parse(values.config);
    } catch (err) {
      throw new UsageError(`--config: not JSON: ${errorMessage(err)}`);
    }
  }
  const rows = values.rows === undefined ? 20 : Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_PREVIEW_ROWS)
    throw new UsageError(`--rows: "${values.rows}" must be a whole number from 1 to ${MAX_PREVIEW_ROWS}`);

  const plugins = pluginsDirOf(values.plugins, env, dataDirOf(values.data, env));
  const registry = await installedPlugins({
    pluginsDir: plugins.explicit || existsSync(plugins.dir) ? plugins.dir : undefined,
    warn: (m) => console.error(`warning: ${m}`),
  });
  // A preview writes nothing that lasts: a throw-away store serves the node's read-only store access.
  const temp = openTempStore('sluice-preview-');
  try {
    const result = await previewFile(await localFileItem(file), {
      registry,
      type: values.type,
      config,
      rows,
      store: temp.store.nodeStore('preview'),
      secrets: secretResolver(temp.store.credentials),
      tempRoot: join(temp.dir, 'tmp'),
    });
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (err) {
    console.error(`cannot preview ${file}: ${errorMessage(err)}`);
    return 1;
  } finally {
    await temp.dispose();
  }
}
