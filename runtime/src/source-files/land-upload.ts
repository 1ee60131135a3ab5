import { pipeline } from 'node:stream';
import { type AnyNodePlugin, LandingError, type RunAccess, type RunDirs, type SecretResolver, type UploadFacet } from '@sluice/sdk';
import type { IncomingUpload } from './read-upload.ts';
import { sizeLimit } from './size-limit.ts';
import type { SourceNode } from './source-node.ts';
import { SourceRequestError } from './source-request-error.ts';
import type { UploadRecords } from './upload-records.ts';

export interface UploadOptions {
  overwrite: boolean;
  maxBytes: number;
  dirs: RunDirs;
  secrets: SecretResolver;
  /** The runtime's trust boundary: a local upload lands only inside an input and an output root. */
  access: RunAccess;
  records: UploadRecords;
  signal?: AbortSignal;
}

export interface Landed {
  node: string;
  key: string;
  size: number;
  /** Said when the source would not list the file (its name does not match the patterns). */
  warnings: string[];
}

/** The source's upload facet; refuses, before any byte is read, a source that takes no uploads. */
export function assertUploadable(source: SourceNode): UploadFacet<unknown> {
  const uploads = (source.plugin as AnyNodePlugin).uploads as UploadFacet<unknown> | undefined;
  if (!uploads)
    throw new SourceRequestError(
      422,
      'nodeId',
      `node "${source.id}" is a ${source.type} source, which takes no uploads; uploads land only in sources that accept them (a folder, a bucket prefix)`,
    );
  return uploads;
}

/**
 * Lands one upload where the source node lists its files, by asking the node's plugin (its upload
 * facet): the host checks the name, holds the bytes to the size limit and keeps the upload ledger;
 * the plugin knows its folder or bucket.
 */
export async function landUpload(source: SourceNode, upload: IncomingUpload, o: UploadOptions): Promise<Landed> {
  const uploads = assertUploadable(source);
  const limit = sizeLimit(o.maxBytes);
  const stream = pipeline(upload.stream, limit, () => {});
  try {
    const landed = await uploads.land(
      source.config,
      { name: upload.name, stream, finished: upload.finished },
      {
        nodeId: source.id,
        dirs: o.dirs,
        access: o.access,
        secrets: o.secrets,
        overwrite: o.overwrite,
        ledger: o.records,
        ...(o.signal ? { signal: o.signal } : {}),
      },
    );
    return { node: source.id, key: landed.key, size: limit.bytes(), warnings: landed.warnings ?? [] };
  } catch (err) {
    upload.abandon();
    // The size limit or a broken request body says why, whatever the plugin made of it.
    if (limit.errored) throw limit.errored;
    if (err instanceof LandingError)
      throw new SourceRequestError(err.reason === 'exists' ? 409 : 422, err.reason === 'exists' ? 'file' : 'nodeId', err.message);
    throw err;
  }
}
