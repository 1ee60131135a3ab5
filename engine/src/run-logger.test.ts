import { describe, expect, it } from 'vitest';
import { logLevelFromEnv, runLogger } from './run-logger.ts';
import type { RunLogLine } from './run-types.ts';

describe('runLogger', () => {
  it('writes lines at or above the run’s level, stamped with node and file, and drops the others', () => {
    const lines: RunLogLine[] = [];
    const log = runLogger((l) => lines.push(l), 'info', 'cp', 'file:///in/a.csv');
    log.debug('looked up');
    log.info('new file', { why: 'new' });
    log.error('broken');
    expect(lines.map(({ at: _at, ...l }) => l)).toEqual([
      { level: 'info', node: 'cp', file: 'file:///in/a.csv', message: 'new file', fields: { why: 'new' } },
      { level: 'error', node: 'cp', file: 'file:///in/a.csv', message: 'broken' },
    ]);
    const quiet = runLogger((l) => lines.push(l), 'error');
    quiet.warn('not shown');
    expect(lines).toHaveLength(2);
  });

  it('takes the level from SLUICE_LOG_LEVEL, info when unset or unknown', () => {
    expect(logLevelFromEnv('warn')).toBe('warn');
    expect(logLevelFromEnv(undefined)).toBe('info');
    expect(logLevelFromEnv('loud')).toBe('info');
  });
});
