import { FileError } from '../file-error.ts';

export interface DecompressLimits {
  /** Refuse a file once this many bytes have come out of the decompressor. */
  maxDecompressedBytes: number;
  /** Refuse a file whose decompressed bytes exceed this multiple of the compressed bytes read. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: DecompressLimits = {
  maxDecompressedBytes: 50 * 1024 ** 3,
  maxRatio: 200,
};

/**
 * The ratio is only judged past this much output: a 200-byte gzip of a 1 MB run of spaces is a
 * high ratio but harmless, while a real bomb passes this point within its first compressed block.
 */
export const RATIO_FLOOR_BYTES = 8 * 1024 * 1024;

export class DecompressionBombError extends FileError {
  override name = 'DecompressionBombError';
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/**
 * Counts bytes into and out of one decompression and stops it the moment a limit is passed, so a
 * bomb fails after a few megabytes of output instead of after filling the disk.
 */
export class SizeMeter {
  compressedIn = 0;
  decompressedOut = 0;

  constructor(
    private readonly limits: DecompressLimits,
    private readonly file: string,
    private readonly format: string,
  ) {}

  /** Adds decompressed output; throws a DecompressionBombError when a limit is passed. */
  addOut(n: number, compressedInSoFar: number): void {
    this.decompressedOut += n;
    this.compressedIn = Math.max(this.compressedIn, compressedInSoFar);
    const { maxDecompressedBytes, maxRatio } = this.limits;
    const out = this.decompressedOut;
    const ratio = out / Math.max(1, this.compressedIn);
    const limits = `limits: maxDecompressedBytes ${formatBytes(maxDecompressedBytes)}, maxRatio ${maxRatio}`;
    if (out > maxDecompressedBytes) {
      throw new DecompressionBombError(
        this.file,
        `decompression bomb: ${this.format} output passed ${formatBytes(maxDecompressedBytes)} ` +
          `(${formatBytes(out)} from ${formatBytes(this.compressedIn)}, ratio ${ratio.toFixed(0)}:1; ${limits})`,
      );
    }
    if (out > RATIO_FLOOR_BYTES && ratio > maxRatio) {
      throw new DecompressionBombError(
        this.file,
        `decompression bomb: ${this.format} ratio ${ratio.toFixed(0)}:1 exceeds maxRatio ${maxRatio} ` +
          `(${formatBytes(out)} from ${formatBytes(this.compressedIn)} so far; ${limits})`,
      );
    }
  }
}
