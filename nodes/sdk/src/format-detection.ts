/**
 * The parser facet of detection: a parse plugin that declares `detect` reads one file format and
 * says, from a file's first bytes and name, how sure it is that a file is in it. An auto parser
 * (parse-auto) asks the plugin catalog for every plugin with `detect` and hands each file to the
 * surest; a third-party parser joins by declaring it too. Detection logic lives in the plugin that
 * reads the format, nowhere else.
 */
export interface FormatDetection {
  /**
   * The format's name (`csv`, `json`): a value of the auto parser's `format` option and the key of
   * this plugin's options in its config. Stored in graphs: never renamed.
   */
  format: string;
  /** Lower-case file extensions (no dot) whose names claim this format; used for empty files and to warn about misnamed ones. */
  extensions: readonly string[];
  /** This plugin's options under an auto parser when the graph gives none (e.g. `{ delimiter: 'auto' }`). */
  autoOptions?: Record<string, unknown>;
  /**
   * How sure it is that a file starting with `head` (up to 8 KiB, after any decompression; empty for
   * an empty file) is in this format, or `undefined` when it is not. Pure and fast: no I/O.
   */
  sniff(head: Uint8Array, name: string): FormatGuess | undefined;
}

export interface FormatGuess {
  /** 0 to 100; see DETECTION_CONFIDENCE. The highest wins; a tie goes to the format the name claims. */
  confidence: number;
  /** What decided it, for logs and previews: `magic bytes PAR1`, `content (starts with "{")`. */
  from: string;
  /** Options this particular file calls for when the graph gives none (e.g. columns read from a header). */
  options?: Record<string, unknown>;
}

/** The scale guesses are made on, so that plugins written apart rank the same way. */
export const DETECTION_CONFIDENCE = {
  /** Magic bytes that name the format (`PAR1`, a zip or OLE2 signature). */
  magic: 100,
  /** Text whose structure opens the format (a JSON value). */
  structure: 50,
  /** A narrow text layout that other text formats rarely take (aligned fixed-width columns). */
  layout: 30,
  /** Any text: the fallback reader of text nothing surer claims (CSV). */
  text: 10,
} as const;

/** The extension of a file name, lower case, or null. */
export function extensionOf(name: string): string | null {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? null;
}
