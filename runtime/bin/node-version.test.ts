import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR, nodeVersionProblem } from './node-version.mjs';

const BIN = fileURLToPath(new URL('./sluice.mjs', import.meta.url));

describe('Node version', () => {
  it('every test runs on Node 24 or newer (scripts/setup.sh installs it)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
    expect(MIN_NODE_MAJOR).toBe(24);
  });

  it('refuses an older Node in one line that says what to run', () => {
    const message = nodeVersionProblem('20.20.2', '/usr/bin/node');
    expect(message).toBe(
      'sluice: Node 24 or newer is required (this is v20.20.2, /usr/bin/node): run "bash scripts/setup.sh" as root, which installs Node 24 into /usr/local/bin',
    );
    expect(message).not.toContain('\n');
    expect(nodeVersionProblem('24.0.0', '/x')).toBeUndefined();
    expect(nodeVersionProblem('26.1.0', '/x')).toBeUndefined();
  });

  // The machine's own Node (Debian's /usr/bin/node is 20 on this kind of machine): decided when the
  // tests are collected, so that a machine without an older Node shows the test skipped, not passed.
  const systemNode = '/usr/bin/node';
  const systemVersion =
    existsSync(systemNode) && process.execPath !== systemNode ? execFileSync(systemNode, ['-p', 'process.versions.node']).toString().trim() : '';
  const oldSystemNode = systemVersion !== '' && Number(systemVersion.split('.')[0]) < MIN_NODE_MAJOR;
  it.runIf(oldSystemNode)('sluice started by an older node exits 1 with that line, before building or loading anything', async () => {
    const result = await promisify(execFile)(systemNode, [BIN, 'run', '/nonexistent.json']).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(nodeVersionProblem(systemVersion, systemNode));
  });
});
