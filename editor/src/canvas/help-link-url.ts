const OPENED = new Set(['http:', 'https:', 'mailto:']);

/**
 * The address a link of a plugin's README may keep: an absolute http(s) or mailto URL, normalised;
 * anything else becomes '' and the link is shown as plain text. `javascript:` and `data:` would run
 * or show the third party's content in the editor's origin, and a relative link or `#anchor` means
 * nothing here (it would point into the editor, whose routes live in the fragment).
 */
export function helpLinkUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return OPENED.has(parsed.protocol) ? parsed.href : '';
  } catch {
    return '';
  }
}
