import { describe, expect, it } from 'vitest';
import { upstreamSource } from './upstream-source.ts';

const edges = [
  { source: 'src', target: 'ck' },
  { source: 'ck', target: 'gz' },
  { source: 'gz', target: 'csv' },
  { source: 'csv', target: 'sink' },
];

describe('upstreamSource', () => {
  it('walks upstream through any number of nodes to the nearest source', () => {
    expect(upstreamSource('csv', edges, (id) => id === 'src')).toBe('src');
  });

  it('is null without a wired source, and survives cycles', () => {
    expect(upstreamSource('csv', edges.slice(1), (id) => id === 'src')).toBeNull();
    expect(
      upstreamSource(
        'a',
        [
          { source: 'b', target: 'a' },
          { source: 'a', target: 'b' },
        ],
        () => false,
      ),
    ).toBeNull();
  });
});
