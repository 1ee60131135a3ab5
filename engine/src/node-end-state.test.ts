import { describe, expect, it } from 'vitest';
import { nodeEndState } from './node-end-state.ts';

describe('nodeEndState', () => {
  it('is failed when a file failed at the node itself', () => {
    expect(nodeEndState({ filesIn: 3, filesFailed: 1 }, 0, ['done'])).toBe('failed');
  });

  it('is skipped when nothing reached it because a node feeding it failed or was skipped', () => {
    expect(nodeEndState({ filesIn: 0, filesFailed: 0 }, 0, ['failed'])).toBe('skipped');
    expect(nodeEndState({ filesIn: 0, filesFailed: 0 }, 0, ['done', 'skipped'])).toBe('skipped');
  });

  it('is skipped when every file it got failed at an earlier node, done when one got through', () => {
    expect(nodeEndState({ filesIn: 2, filesFailed: 0 }, 2, ['failed'])).toBe('skipped');
    expect(nodeEndState({ filesIn: 2, filesFailed: 0 }, 1, ['failed'])).toBe('done');
  });

  it('is done with no file at all when nothing upstream failed (an empty folder), and for a source', () => {
    expect(nodeEndState({ filesIn: 0, filesFailed: 0 }, 0, ['done'])).toBe('done');
    expect(nodeEndState({ filesIn: 0, filesFailed: 0 }, 0, [])).toBe('done');
  });
});
