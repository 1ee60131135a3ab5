import { DATES, DAY_COUNT, HOURS, SIXTY } from './calendar.ts';
import type { SeededRandom } from '@sluice/testing/random';
import { COUNTRIES, FIRST_NAMES, LAST_NAMES, NICKNAMES, WORDS } from './vocabulary.ts';

/**
 * The ten columns of the CSV workloads (W1, W3, W4) and the type each one holds. The checksum casts
 * every output column to this type before hashing it, so that an engine that keeps a column as text
 * and one that infers a date agree when, and only when, they hold the same values.
 */
export const CSV_COLUMNS = [
  { name: 'id', type: 'BIGINT' },
  { name: 'customer', type: 'VARCHAR' },
  { name: 'country', type: 'VARCHAR' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'quantity', type: 'BIGINT' },
  { name: 'order_date', type: 'DATE' },
  { name: 'updated_at', type: 'TIMESTAMP' },
  { name: 'active', type: 'BOOLEAN' },
  { name: 'comment', type: 'VARCHAR' },
  { name: 'score', type: 'DOUBLE' },
] as const;

export const CSV_HEADER = CSV_COLUMNS.map((c) => c.name).join(',') + '\n';

/** A CSV field quoted the RFC 4180 way: quotes doubled. */
function quoted(s: string): string {
  return '"' + s.replaceAll('"', '""') + '"';
}

function customer(rng: SeededRandom): string {
  const name = `${rng.pick(LAST_NAMES)}, ${rng.pick(FIRST_NAMES)}`;
  // Quoted strings with commas always, and doubled quotes often.
  return quoted(rng.chance(0.3) ? `${name} "${rng.pick(NICKNAMES)}"` : name);
}

function comment(rng: SeededRandom): string {
  const n = rng.int(4, 11);
  let s = rng.pick(WORDS);
  for (let i = 1; i < n; i++) s += (rng.chance(0.1) ? ', ' : ' ') + rng.pick(WORDS);
  if (rng.chance(0.05)) s += ' "urgent"';
  return s.includes(',') || s.includes('"') ? quoted(s) : s;
}

/**
 * `count` rows starting at id `firstId`, as CSV text without a header. Nulls are empty unquoted
 * fields; strings are never empty, so that no engine has to choose between "" and null. The first
 * row of every call has no nulls, so that engines inferring types from the first rows see each type.
 */
export function csvRows(rng: SeededRandom, firstId: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const full = i === 0;
    const id = firstId + i;
    const amount = !full && rng.chance(0.03) ? '' : (rng.next() * 10_000).toFixed(2);
    const quantity = !full && rng.chance(0.02) ? '' : String(rng.int(1, 500));
    const day = rng.int(0, DAY_COUNT - 1);
    const orderDate = !full && rng.chance(0.02) ? '' : DATES[day]!;
    const updatedAt =
      !full && rng.chance(0.01)
        ? ''
        : `${DATES[Math.min(DAY_COUNT - 1, day + rng.int(0, 30))]} ${HOURS[rng.int(0, 23)]}:${SIXTY[rng.int(0, 59)]}:${SIXTY[rng.int(0, 59)]}`;
    const active = !full && rng.chance(0.05) ? '' : rng.chance(0.5) ? 'true' : 'false';
    const note = !full && rng.chance(0.1) ? '' : comment(rng);
    const score = rng.next().toFixed(6);
    out.push(`${id},${customer(rng)},${rng.pick(COUNTRIES)},${amount},${quantity},${orderDate},${updatedAt},${active},${note},${score}\n`);
  }
  return out.join('');
}
