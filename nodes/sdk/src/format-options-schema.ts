import { configJsonSchema } from './config-schema.ts';
import type { PluginWithFacet } from './plugin-catalog.ts';

/**
 * The JSON Schema of an auto parser's config (`autoDetects`) with one option group per installed
 * parser that detects a format, under the format's name: the editor then shows each format's own
 * form, as when parse-auto imported the parsers, although it only learns them from the registry.
 * The group's defaults are the parser's `autoOptions` where it has them (CSV: delimiter auto).
 */
export function withFormatOptions(base: Record<string, unknown>, detectors: readonly PluginWithFacet<'detect'>[]): Record<string, unknown> {
  const properties = { ...((base.properties as Record<string, unknown> | undefined) ?? {}) };
  for (const d of detectors) {
    const { format, autoOptions } = d.detect;
    if (properties[format]) continue;
    const { $schema: _, ...schema } = configJsonSchema(d.config);
    const fields = { ...((schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {}) };
    for (const [key, value] of Object.entries(autoOptions ?? {})) if (fields[key]) fields[key] = { ...fields[key], default: value };
    properties[format] = { ...schema, properties: fields, title: `${format} options`, description: `Options of ${d.type} for files read as ${format}.` };
  }
  return { ...base, properties };
}
