import { decompressedFile, readHead, stripCompressionSuffix, type Compression } from '@sluice/sdk/compression';
import { FileError, type FileItem } from '@sluice/sdk';
import type { ParseAutoConfig } from './auto-config.ts';
import { detectFormat, formatOfName, type Detector } from './detect-format.ts';

const HEAD_BYTES = 8 * 1024;

export interface Resolved {
  /** The file to parse: the input, or its decompressed view. */
  file: FileItem;
  format: string;
  /** What decided the format, for logs and previews. */
  from: string;
  compression: Compression | null;
  /** The format the file's name claims, when it differs from the one used. */
  nameSays: string | null;
  /** Options the detection suggests for this file (used when the graph gives none). */
  options?: Record<string, unknown>;
}

/**
 * Which format plugin gets a file, and the file it gets: compressed files are decompressed first
 * (with the decompress package's own code and limits) and detected again on their content.
 */
export async function resolveFormat(
  item: FileItem,
  config: ParseAutoConfig,
  detectors: readonly Detector[],
  tempPath: (name: string) => Promise<string>,
  signal?: AbortSignal,
): Promise<Resolved> {
  const uri = item.origin.uri;
  let file = item;
  let detection = detectFormat(await readHead(file, HEAD_BYTES, signal), file.name, detectors);
  let compression: Compression | null = null;
  if (detection.kind === 'compressed') {
    compression = detection.compression;
    if (config.compressed === 'fail') {
      throw new FileError(uri, `the file is ${compression}-compressed: put a decompress node before parse-auto, or set its option compressed to "decompress"`);
    }
    file = decompressedFile(item, compression, config.decompress, tempPath);
    detection = detectFormat(await readHead(file, HEAD_BYTES, signal), file.name, detectors);
    if (detection.kind === 'compressed') {
      throw new FileError(uri, `the file is compressed twice (${detection.compression} inside ${compression}): add a decompress node for the outer layer`);
    }
  }
  const claimed = formatOfName(compression ? stripCompressionSuffix(item.name, compression) : item.name, detectors);
  if (config.format !== 'auto') {
    return { file, format: config.format, from: 'the format option', compression, nameSays: claimed !== config.format ? claimed : null };
  }
  if (detection.kind === 'unknown') throw new FileError(uri, `the format cannot be detected: ${detection.why}`);
  const options = detection.options ? { options: detection.options } : {};
  return { file, format: detection.format, from: detection.from, compression, nameSays: claimed !== detection.format ? claimed : null, ...options };
}
