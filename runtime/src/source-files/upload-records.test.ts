import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';
import { UploadRecords } from './upload-records.ts';

function sandbox() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-upload-records-')));
  const data = join(dir, 'data');
  const landing = join(data, 'landing');
  mkdirSync(landing, { recursive: true });
  return { dir, data, landing };
}

describe('UploadRecords', () => {
  it('knows a file an upload landed until something else replaces it', async () => {
    const { data, landing } = sandbox();
    const records = new UploadRecords(data);
    const file = join(landing, 'a.csv');
    writeFileSync(file, 'v1\n');
    expect(await records.isPreviousUpload(file)).toBe(false);
    await records.landed(file);
    expect(await records.isPreviousUpload(file)).toBe(true);
    rmSync(file);
    writeFileSync(file, 'v1\n'); // same name and size, another file
    expect(await records.isPreviousUpload(file)).toBe(false);
    // A link in its place is never an upload.
    writeFileSync(join(landing, 'b.csv'), 'b\n');
    await records.landed(join(landing, 'b.csv'));
    rmSync(join(landing, 'b.csv'));
    symlinkSync(file, join(landing, 'b.csv'));
    expect(await records.isPreviousUpload(join(landing, 'b.csv'))).toBe(false);
  });

  it('drops records of landed files that are gone or replaced at the sweep, and takes a corrupt record for no upload', async () => {
    const { data, landing } = sandbox();
    const records = new UploadRecords(data);
    for (const name of ['kept.csv', 'gone.csv', 'replaced.csv']) {
      writeFileSync(join(landing, name), name);
      await records.landed(join(landing, name));
    }
    rmSync(join(landing, 'gone.csv'));
    writeFileSync(join(landing, 'replaced.csv'), 'other bytes');
    writeFileSync(join(data, 'uploads', 'landed', 'torn.json'), '{"path":');
    await records.sweepPartialUploads();
    expect(readdirSync(join(data, 'uploads', 'landed'))).toHaveLength(1);
    expect(await records.isPreviousUpload(join(landing, 'kept.csv'))).toBe(true);
    // A torn record of an existing, unchanged file is no upload (and no 500).
    const [kept] = readdirSync(join(data, 'uploads', 'landed'));
    writeFileSync(join(data, 'uploads', 'landed', kept!), '{');
    expect(await records.isPreviousUpload(join(landing, 'kept.csv'))).toBe(false);
  });

  it('sweeps the temporary files of uploads that never ended, and only files of that form', async () => {
    const { data, landing } = sandbox();
    const records = new UploadRecords(data);
    const partial = join(landing, '.big.csv.upload-0a1b2c3d');
    await records.partial(partial);
    writeFileSync(partial, 'half');
    const done = await records.partial(join(landing, '.ok.csv.upload-11112222'));
    await done();
    // A record that names a file of another form (forged, or corrupt) removes nothing.
    writeFileSync(join(landing, 'keep.csv'), 'x');
    writeFileSync(join(data, 'uploads', 'partial', 'forged.json'), JSON.stringify({ path: join(landing, 'keep.csv') }));
    expect(await records.sweepPartialUploads()).toEqual([partial]);
    expect(readdirSync(landing)).toEqual(['keep.csv']);
    expect(readdirSync(join(data, 'uploads', 'partial'))).toEqual([]);
  });

  it('is swept when the server starts (kill -9 mid-upload left a hidden file behind)', async () => {
    const { data, landing } = sandbox();
    const partial = join(landing, '.orders.csv.upload-deadbeef');
    await new UploadRecords(data).partial(partial);
    writeFileSync(partial, 'half an upload');
    const logs: string[] = [];
    const server = await startServer({ dataDir: data, port: 0, env: {}, log: (m) => logs.push(m) });
    try {
      expect(existsSync(partial)).toBe(false);
      expect(logs.join('\n')).toContain(`removed 1 temporary upload files left by a stopped server: ${partial}`);
    } finally {
      await server.close();
    }
  });
});
