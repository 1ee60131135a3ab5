/**
 * Cases that show a known wrong result not fixed yet, each listed in README.md's "Open" section:
 * they run as `it.fails`, so the suite stays green while the bug is open and turns red (to be moved
 * back to the passing cases) the day it is fixed. Key: `<format>/<case file>`.
 */
export const OPEN_BUGS: Record<string, string> = {};
