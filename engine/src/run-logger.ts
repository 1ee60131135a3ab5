import type { LogFields, Logger, LogLevel } from '@sluice/sdk';
import type { RunLogLine } from './run-types.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger stamped with a node and file; lines below the run's level are dropped before any work. */
export function runLogger(sink: (line: RunLogLine) => void, minLevel: LogLevel, node?: string, file?: string): Logger {
  const min = LEVELS[minLevel];
  // A logger is made per file and node: levels below the run's share one function that does nothing.
  const write = (level: LogLevel) =>
    LEVELS[level] < min
      ? ignore
      : (message: string, fields?: LogFields) => sink({ at: new Date().toISOString(), level, node, file, message, ...(fields ? { fields } : {}) });
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

const ignore = (): void => {};

export function logLevelFromEnv(value: string | undefined): LogLevel {
  return value && value in LEVELS ? (value as LogLevel) : 'info';
}
