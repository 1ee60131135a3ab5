import { describe, expect, it } from 'vitest';
import { NewTableClaim } from './new-table-claim.ts';

describe('NewTableClaim', () => {
  const a = { id: 'Int64', left: 'String', _rescued_data: 'String' };
  const b = { id: 'String', right: 'String', _rescued_data: 'String' };

  it('rescue mode on a new table: the first file planned claims version 1, the next are planned against it', () => {
    const claim = new NewTableClaim();
    expect(claim.planAgainst('rescue', undefined)).toBeUndefined();
    claim.claim('rescue', undefined, a, true);
    claim.claim('rescue', undefined, b, true);
    expect(claim.planAgainst('rescue', undefined)).toEqual(a);
    // Whichever commits first records the claim, even a part that lacks some of its columns.
    expect(claim.versionColumns(undefined, { _rescued_data: 'String' })).toEqual(a);
  });

  it('claims nothing for a table that has a schema, a file without columns, or another mode', () => {
    const latest = { id: 'Int64' };
    const claim = new NewTableClaim();
    claim.claim('rescue', latest, a, true);
    claim.claim('rescue', undefined, { _rescued_data: 'String' }, false);
    claim.claim('evolve', undefined, a, true);
    claim.claim('strict', undefined, a, true);
    expect(claim.planAgainst('rescue', undefined)).toBeUndefined();
    expect(claim.planAgainst('rescue', latest)).toBe(latest);
    expect(claim.versionColumns(undefined, b)).toBe(b);
  });

  it('takes a table whose only version has no data columns (a file without columns landed first) as new', () => {
    const empty = { _rescued_data: 'String', _run_id: 'String' };
    const claim = new NewTableClaim();
    expect(claim.planAgainst('rescue', empty)).toBe(empty);
    claim.claim('rescue', empty, a, true);
    expect(claim.planAgainst('rescue', empty)).toEqual(a);
    expect(claim.planAgainst('strict', empty)).toBe(empty);
    // At commit, the claim is added to that version, whichever file commits first.
    expect(claim.versionColumns(empty, b)).toEqual(a);
    expect(claim.versionColumns(a, b)).toBe(b);
  });
});
