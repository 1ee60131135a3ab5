import type { KeyFacts } from '@sluice/sdk';
import type { EventObjectVersion } from '@sluice/store';
import { eventKeyFacts } from './object-event.ts';

/**
 * The key facts of a run (`params.keyFacts`, handed to it in memory when it starts): per key, the
 * object version its bucket events named. Derived from the event log, not stored with the run, so
 * that a run's params stay small, a run queued again after a crash gets them too, and no other
 * trigger can give a source facts. A key whose events named different versions (batched into one
 * queued run: A then B), or one without usable facts, gets none: the source asks the store, which
 * has the newest.
 */
export function runKeyFacts(events: readonly EventObjectVersion[]): Record<string, KeyFacts> {
  const byKey = new Map<string, KeyFacts | null>();
  for (const e of events) {
    if (!e.key || !e.bucket) continue;
    const facts = eventKeyFacts({ bucket: e.bucket, size: e.size ?? undefined, etag: e.etag ?? undefined, versionId: e.versionId ?? undefined }) ?? null;
    const seen = byKey.get(e.key);
    if (seen === undefined) byKey.set(e.key, facts);
    else if (!sameVersion(seen, facts)) byKey.set(e.key, null);
  }
  // fromEntries defines own properties: a key named "__proto__" is a key like any other.
  return Object.fromEntries([...byKey].filter((entry): entry is [string, KeyFacts] => entry[1] !== null));
}

function sameVersion(a: KeyFacts | null, b: KeyFacts | null): boolean {
  return !!a && !!b && a.bucket === b.bucket && a.size === b.size && a.etag === b.etag && a.versionId === b.versionId;
}
