import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open-store.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(() => {
  temp = openTempStore('sluice-creds-');
  store = temp.store;
});
afterEach(() => temp.dispose());

describe('CredentialRepository', () => {
  it('creates, replaces, lists names only and deletes', () => {
    expect(store.credentials.put('S3_KEY', 'one')).toEqual({ created: true });
    expect(store.credentials.put('S3_KEY', 'two')).toEqual({ created: false });
    expect(store.credentials.value('S3_KEY')).toBe('two');
    const listed = store.credentials.list();
    expect(listed.map((c) => c.name)).toEqual(['S3_KEY']);
    expect(JSON.stringify(listed)).not.toContain('two');
    expect(store.credentials.delete('S3_KEY')).toBe(true);
    expect(store.credentials.value('S3_KEY')).toBeUndefined();
    expect(store.credentials.delete('S3_KEY')).toBe(false);
  });
});
