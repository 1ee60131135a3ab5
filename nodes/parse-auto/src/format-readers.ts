import type { RunScope } from '@sluice/sdk';
import { formatOptionsOf, type ParseAutoConfig } from './auto-config.ts';
import type { Detector } from './detect-format.ts';

/** A format parse-auto can read in this run: its plugin, the options the graph gave, and the plugin's state. */
export interface FormatReader {
  plugin: Detector;
  /** The graph's options for this format, checked; undefined: none given (a guess's or the plugin's autoOptions apply). */
  given: unknown;
  state: unknown;
}

/** Every installed parser that detects its format, found through the run's plugin catalog. */
export function detectorsOf(scope: RunScope<unknown>): Detector[] {
  if (!scope.plugins) throw new Error('parse-auto needs the plugin catalog (scope.plugins) to find the installed parsers');
  return scope.plugins.withFacet('detect');
}

/** The readers of a run, each format's options checked against its plugin's schema; a wrong `format` fails here. */
export function formatReaders(config: ParseAutoConfig, scope: RunScope<unknown>): Map<string, FormatReader> {
  const readers = new Map<string, FormatReader>();
  for (const plugin of detectorsOf(scope)) {
    const format = plugin.detect.format;
    const raw = formatOptionsOf(config, format);
    readers.set(format, { plugin, given: raw === undefined ? undefined : checkOptions(plugin, format, raw), state: undefined });
  }
  if (config.format !== 'auto' && !readers.has(config.format)) {
    throw new Error(`format "${config.format}" is read by no installed parser (installed: ${[...readers.keys()].join(', ') || 'none'})`);
  }
  return readers;
}

/** The options a file is read with: the graph's, else those its detection suggests, else the plugin's defaults under parse-auto. */
export function optionsFor(reader: FormatReader, suggested?: Record<string, unknown>): unknown {
  if (reader.given !== undefined) return reader.given;
  return checkOptions(reader.plugin, reader.plugin.detect.format, suggested ?? reader.plugin.detect.autoOptions ?? {});
}

function checkOptions(plugin: Detector, format: string, raw: unknown): unknown {
  const parsed = plugin.config.safeParse(raw);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${[format, ...i.path].join('.')}: ${i.message}`).join('; ');
  throw new Error(`parse-auto: the ${format} options do not suit ${plugin.type}: ${why}`);
}
