import type { LogFields, Logger, LogLevel } from '@sluice/sdk';
import type { RunLogLine } from './run-types.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger stamped with a node and file; lines below the run's level are dropped before any work. */
export function runLogger(
  sink: (line: RunLogLine) => void,
  minLevel: LogLevel,
  node?: string,
  file?: string,
): Logger {
  const min = LEVELS[minLevel];
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    sink({ at: new Date().toISOString(), level, node, file, message, ...(fields ? { fields } : {}) });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function logLevelFromEnv(value: string | undefined): LogLevel {
  return value && value in LEVELS ? (value as LogLevel) : 'info';
}
