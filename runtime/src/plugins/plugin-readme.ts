import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

/** The most bytes of a README node help serves: a package's documentation, never a data file. */
export const README_MAX_BYTES = 256 * 1024;

/** A package's README as markdown, or why there is none to show (a sentence that can follow "node help: "). */
export type PluginReadme = { markdown: string } | { missing: string };

const README = /^readme\.md$/i;

/**
 * The README.md at the root of an installed plugin package. `packageDir` comes from discovery (the
 * folder the package's manifest was read from), never from a request. The file must be a regular
 * file whose real path lies inside the package's real folder (a symbolic link out of the package,
 * to /etc/passwd or a data folder, is refused), and at most `maxBytes` long.
 */
export async function readPluginReadme(packageDir: string, maxBytes = README_MAX_BYTES): Promise<PluginReadme> {
  // A plugin given in-process (a test's registry.extend) has no folder of its own: "." would be the working folder.
  if (!isAbsolute(packageDir)) return { missing: 'the package has no folder of its own' };
  let dir: string;
  let names: string[];
  try {
    dir = await realpath(packageDir);
    names = await readdir(dir);
  } catch (err) {
    return { missing: `the package folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  const name = names.includes('README.md') ? 'README.md' : names.sort().find((n) => README.test(n));
  if (!name) return { missing: 'the package has no README.md' };
  let file: string;
  try {
    file = await realpath(join(dir, name));
  } catch {
    return { missing: `its ${name} is a broken link` };
  }
  const rel = relative(dir, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { missing: `its ${name} links outside the package folder and is not served` };
  // O_NOFOLLOW: the real path must not have become a link since; O_NONBLOCK: a FIFO must not hang the request.
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    return { missing: `its ${name} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { missing: `its ${name} is not a regular file` };
    const tooLarge = { missing: `its ${name} is over the ${maxBytes / 1024} KiB that node help shows; read it in the package` };
    if (info.size > maxBytes) return tooLarge;
    // Read one byte past the limit: a file that grew since the stat is refused, not cut.
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes) return tooLarge;
    }
    return { markdown: new TextDecoder().decode(buffer.subarray(0, filled)) };
  } finally {
    await handle.close();
  }
}
