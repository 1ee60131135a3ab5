import { createWriteStream } from 'node:fs';
import type { FileItem } from '../port-items.ts';
import { decompressStream, decompressTo } from './decompress-stream.ts';
import { stripCompressionSuffix, type Compression } from './detect-compression.ts';
import type { DecompressLimits } from './size-limits.ts';

const SPOOL_CHUNK = 1024 * 1024;

/**
 * The decompressed view of a compressed file, as a FileItem. Nothing is read until a consumer
 * opens it; `localPath` spools the decompressed bytes once into the file's temporary folder
 * (streaming, removed when the file settles) for engines that read paths; `onSpooled` then
 * learns the decompressed size.
 */
export function decompressedFile(
  source: FileItem,
  compression: Compression,
  limits: DecompressLimits,
  tempPath: (name: string) => Promise<string>,
  onSpooled?: (decompressedBytes: number) => void,
): FileItem {
  const name = stripCompressionSuffix(source.name, compression);
  const file = source.origin.uri;
  let spooled: Promise<string> | undefined;

  const open = async (signal?: AbortSignal) => decompressStream(await source.open(signal), compression, limits, file);
  const spool = async (signal?: AbortSignal) => {
    const path = await tempPath(`decompressed-${name}`);
    const out = createWriteStream(path, { highWaterMark: SPOOL_CHUNK });
    // One pipeline from the source's bytes to the spool file: no async iteration in between.
    await decompressTo(await source.open(signal), out, compression, limits, file, signal);
    onSpooled?.(out.bytesWritten);
    return path;
  };

  return {
    kind: 'file',
    origin: source.origin,
    name,
    compression: 'none',
    open,
    localPath(signal) {
      spooled ??= spool(signal);
      return spooled;
    },
  };
}
