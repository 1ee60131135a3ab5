// Streaming gzip/zstd decompression with bomb limits, for every node that reads compressed files (the
// decompress node, auto parsers). A separate entry: zstd's native binding loads only where it is used.
export { decompressConfig } from './decompress-config.ts';
export { decompressStream } from './decompress-stream.ts';
export { decompressedFile } from './decompressed-file.ts';
export { type Compression, detectCompression, readHead, stripCompressionSuffix } from './detect-compression.ts';
export { DEFAULT_LIMITS, DecompressionBombError, type DecompressLimits, formatBytes } from './size-limits.ts';
