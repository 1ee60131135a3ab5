import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, progressFraction } from './format.ts';

describe('formatting run figures', () => {
  it('counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(250_000)).toBe('250.0k');
    expect(formatCount(3_456_789)).toBe('3.46M');
    expect(formatCount(undefined)).toBe('–');
  });

  it('bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
  });

  it('durations and progress', () => {
    expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.250Z')).toBe('250 ms');
    expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:01:05Z')).toBe('1 min 5 s');
    expect(progressFraction({ done: 5, total: 10 })).toBe(0.5);
    expect(progressFraction({ done: 5 })).toBeNull();
  });
});
