/** How deeply a request's JSON may nest: graphs and configs need a handful of levels. */
export const JSON_MAX_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type JsonText = { text: string } | { error: string };

/**
 * The text of a JSON body, checked before any parser sees it: bytes that are not UTF-8 are refused
 * (rather than stored as U+FFFD), and so is nesting deeper than `maxDepth` (which would overflow
 * the stack of recursive code after the parser). The depth is counted in one loop, no recursion.
 */
export function jsonText(bytes: Uint8Array, maxDepth = JSON_MAX_DEPTH): JsonText {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { error: `the request body is not valid UTF-8 ; JSON must be sent as UTF-8` };
  }
  const depth = nestingOver(text, maxDepth);
  if (depth !== undefined) return { error: `the JSON nests deeper than ${maxDepth} levels (at character ${depth}); flatten the request` };
  return { text };
}

/** The offset where nesting passes `max`, outside strings; undefined when it never does. */
function nestingOver(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return undefined;
}
