import { describe, expect, it } from 'vitest';
import { emptyHistory, record, redo, undo } from './history.ts';

describe('undo stack', () => {
  it('undoes and redoes in order', () => {
    let h = emptyHistory<number>();
    h = record(h, 1); // 1 -> 2
    h = record(h, 2); // 2 -> 3
    const u1 = undo(h, 3)!;
    expect(u1.state).toBe(2);
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe(1);
    expect(undo(u2.history, u2.state)).toBeNull();
    const r1 = redo(u2.history, u2.state)!;
    expect(r1.state).toBe(2);
    const r2 = redo(r1.history, r1.state)!;
    expect(r2.state).toBe(3);
    expect(redo(r2.history, r2.state)).toBeNull();
  });

  it('drops the redo list on a new change and keeps at most `limit` steps', () => {
    let h = record(record(emptyHistory<number>(), 1), 2);
    const u = undo(h, 3)!;
    h = record(u.history, 2);
    expect(h.future).toEqual([]);
    let big = emptyHistory<number>();
    for (let i = 0; i < 10; i++) big = record(big, i, 4);
    expect(big.past).toEqual([6, 7, 8, 9]);
  });
});
