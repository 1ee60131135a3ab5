import type { LandingGroup } from '@sluice/sdk';
import type { FileLineage } from './file-lineage.ts';

/** The landing groups a file's landings belong to. */
export const groupsOf = (l: FileLineage): LandingGroup[] => [...new Set(l.landings.flatMap((x) => (x.group ? [x.group] : [])))];

/**
 * Holds back files whose rows share a write (a part holding a batch, `Landing.group`) until every
 * file of that write has settled, then hands them on together, so that they are committed in one
 * savepoint or not at all. Files that share nothing pass straight through, alone.
 */
export class LandingGroupGate {
  private readonly arrived = new Map<LandingGroup, Set<FileLineage>>();

  /** The files ready to settle now that `l` has: none, `l` alone, or every file of its groups (transitively). */
  arrive(l: FileLineage): FileLineage[] {
    if (!joinGroups(this.arrived, l)) return [l];
    // The unit holds `l`'s own groups: while one of them waits for files, so does the unit. Checked
    // first, so that the unit is walked once per group, not once per file (a batch's size squared).
    if (!groupsOf(l).every((g) => this.arrived.get(g)!.size >= g.files)) return [];
    const unit = closureOf(l, this.arrived);
    if (!unit.groups.every((g) => (this.arrived.get(g)?.size ?? 0) >= g.files)) return [];
    for (const g of unit.groups) this.arrived.delete(g);
    return unit.files;
  }

  /** Files still held (a run that ends with some means a group was promised more files than landed in it). */
  held(): FileLineage[] {
    return [...new Set([...this.arrived.values()].flatMap((s) => [...s]))];
  }

  /** Lets every held file go, complete groups or not (the run is ending): settling fails the incomplete ones. */
  release(): FileLineage[][] {
    const units: FileLineage[][] = [];
    const seen = new Set<FileLineage>();
    for (const l of this.held()) {
      if (seen.has(l)) continue;
      const unit = closureOf(l, this.arrived);
      unit.files.forEach((f) => seen.add(f));
      units.push(unit.files);
    }
    this.arrived.clear();
    return units;
  }
}

/** Records `l` as a member of each of its groups; false when it has none. */
export function joinGroups(members: Map<LandingGroup, Set<FileLineage>>, l: FileLineage): boolean {
  const groups = groupsOf(l);
  for (const g of groups) {
    let m = members.get(g);
    if (!m) members.set(g, (m = new Set()));
    m.add(l);
  }
  return groups.length > 0;
}

/** Every file and group reachable from `l` through shared groups. */
export function closureOf(l: FileLineage, members: ReadonlyMap<LandingGroup, ReadonlySet<FileLineage>>): { files: FileLineage[]; groups: LandingGroup[] } {
  const files = new Set<FileLineage>([l]);
  const groups = new Set<LandingGroup>();
  const todo = [l];
  while (todo.length) {
    for (const g of groupsOf(todo.pop()!)) {
      if (groups.has(g)) continue;
      groups.add(g);
      for (const f of members.get(g) ?? []) {
        if (!files.has(f)) {
          files.add(f);
          todo.push(f);
        }
      }
    }
  }
  return { files: [...files], groups: [...groups] };
}
