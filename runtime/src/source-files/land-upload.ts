import { compilePatterns, type RunAccess, type RunDirs, type SecretResolver } from '@sluice/sdk';
import { landLocalUpload } from './land-local-upload.ts';
import { landS3Upload, type SourceS3Config } from './land-s3-upload.ts';
import type { IncomingUpload } from './read-upload.ts';
import type { SourceNode } from './source-node.ts';
import { SourceRequestError } from './source-request-error.ts';
import type { UploadRecords } from './upload-records.ts';

/** The source types an upload can land in: where their files live is known from their config. */
export const UPLOADABLE_SOURCES = ['source-local', 'source-s3'] as const;

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

/** Refuses, before any byte is read, a source that uploads cannot land in. */
export function assertUploadable(source: SourceNode): void {
  if (!(UPLOADABLE_SOURCES as readonly string[]).includes(source.type)) {
    throw new SourceRequestError(422, 'nodeId', `node "${source.id}" is a ${source.type} source; uploads land in ${UPLOADABLE_SOURCES.join(' and ')} sources only`);
  }
}

/** Lands one upload where the source node lists its files: its folder, or its bucket and prefix. */
export async function landUpload(source: SourceNode, upload: IncomingUpload, o: UploadOptions): Promise<Landed> {
  assertUploadable(source);
  const config = source.config as { patterns: string[] };
  try {
    const landed =
      source.type === 'source-local'
        ? await landLocalUpload(upload, { ...o, folder: (source.config as { folder: string }).folder })
        : await landS3Upload(upload, { ...o, config: source.config as SourceS3Config });
    const warnings = compilePatterns(config.patterns)(upload.name)
      ? []
      : [`"${upload.name}" does not match the patterns of "${source.id}" (${config.patterns.join(', ')}): a run will not pick it up`];
    return { node: source.id, ...landed, warnings };
  } catch (err) {
    upload.abandon();
    throw err;
  }
}
