import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that a summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by where the code lives: a package, a workspace folder, node internals, or a V8 state. */
  byPlace: { place: string; ms: number }[];
  /** Functions with the most self time. */
  topFunctions: { fn: string; place: string; ms: number }[];
  /**
   * Time under each Sluice function (the nearest workspace frame on the stack, e.g. the bronze sink's
   * `run`): which of our code paths causes the library and runtime time above.
   */
  bySluiceFrame: { frame: string; ms: number }[];
}

const isWorkspace = (place: string) => /^(nodes|runtime)\//.test(place);

/** Where a frame's code lives, coarse enough to read: `nodejs-polars`, `nodes/parse-csv`, `(idle)`. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ws = /\/work\/[^/]+\/((?:nodes|runtime|bench|editor)\/?[^/]*)/.exec(url) ?? /file:\/\/.*?\/((?:nodes|runtime|bench)\/[^/]+)/.exec(url);
  return ws ? ws[1]! : url;
}

/** Self time per place and per function; waiting on native work (polars, I/O) shows as `(idle)`. */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const places = new Map<string, number>();
  const fns = new Map<string, { fn: string; place: string; us: number }>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = placeOf(url, functionName);
    total += us;
    places.set(place, (places.get(place) ?? 0) + us);
    const key = `${functionName}@${url}:${lineNumber}`;
    const f = fns.get(key) ?? { fn: functionName || '(anonymous)', place, us: 0 };
    f.us += us;
    fns.set(key, f);
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frames = new Map<string, number>();
  for (const [id, us] of selfUs) {
    let cur: number | undefined = id;
    let label = '(outside Sluice code)';
    while (cur !== undefined) {
      const { functionName, url, lineNumber } = byId.get(cur)!.callFrame;
      const place = placeOf(url, functionName);
      if (isWorkspace(place)) {
        label = `${functionName || '(anonymous)'} ${url.replace(/^.*?\/(nodes|runtime)\//, '$1/')}:${lineNumber + 1}`;
        break;
      }
      cur = parent.get(cur);
    }
    frames.set(label, (frames.get(label) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    totalMs: ms(total),
    byPlace: [...places].map(([place, us]) => ({ place, ms: ms(us) })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, place: f.place, ms: ms(f.us) })),
    bySluiceFrame: [...frames]
      .map(([frame, us]) => ({ frame, ms: ms(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

export async function summarizeProfileFile(path: string, top?: number): Promise<ProfileSummary> {
  return summarizeProfile(JSON.parse(await readFile(path, 'utf8')) as CpuProfile, top);
}
