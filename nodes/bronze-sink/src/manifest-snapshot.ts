import type { BronzePart, BronzeSchemaVersion } from '@sluice/sdk';
import type { PartStorage } from './part-storage.ts';

export const MANIFEST_SNAPSHOT = '_sluice_manifest.json';

/**
 * A human-readable copy of the table's manifest (the store holds the real one), written at the end
 * of each run: which part holds which source file's rows, and the schema versions. Readers that do not
 * query the store can read exactly the committed parts from it.
 */
export async function writeManifestSnapshot(storage: PartStorage, parts: BronzePart[], versions: BronzeSchemaVersion[], at: Date): Promise<void> {
  const doc = {
    format: 'sluice-bronze-manifest',
    version: 1,
    table: storage.tableUri,
    writtenAt: at.toISOString(),
    rows: parts.reduce((n, p) => n + p.rows, 0),
    schemaVersions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), columns: v.columns })),
    parts: parts.map((p) => ({
      path: p.path,
      rows: p.rows,
      bytes: p.bytes,
      schemaVersion: p.schemaVersion,
      source: { node: p.sourceNode, key: p.sourceKey, fingerprint: p.fingerprint },
      runId: p.runId,
      createdAt: p.createdAt.toISOString(),
    })),
  };
  await storage.writeText(MANIFEST_SNAPSHOT, JSON.stringify(doc, null, 2) + '\n');
}
