import { DATES, DAY_COUNT, HOURS, SIXTY } from './calendar.ts';
import type { SeededRandom } from '@sluice/testing/random';
import { CITIES, COUNTRIES, EVENTS, FIRST_NAMES, LAST_NAMES, WORDS } from './vocabulary.ts';

/**
 * W2's records: nested objects two levels deep and arrays (of strings, and of objects). The
 * checksum reads the same leaves from nested outputs (structs, lists) and flattened ones
 * (`user_address_city`, arrays as JSON text); see verify/jsonl-canonical.ts.
 */
export interface EventRecord {
  id: number;
  event: string;
  ts: string;
  user: { id: number; name: string; address: { city: string; country: string } };
  tags: string[];
  items: { sku: string; qty: number; price: number }[];
  amount: number | null;
  ok: boolean;
  note: string | null;
}

/** A price with cents that are never .00: JSON would print it as an integer, and an engine that
 * infers a file's schema from its first lines could then type the column as an integer. */
function fractional(rng: SeededRandom, maxCents: number): number {
  const cents = rng.int(1, maxCents);
  return (cents % 100 === 0 ? cents + 1 : cents) / 100;
}

/** `count` JSON Lines starting at `firstId`. The first line has no nulls and non-empty arrays, so
 * that engines inferring a schema from the first lines of each file see every type. */
export function jsonlRows(rng: SeededRandom, firstId: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const full = i === 0;
    const day = DATES[rng.int(0, DAY_COUNT - 1)]!;
    const rec: EventRecord = {
      id: firstId + i,
      event: rng.pick(EVENTS),
      ts: `${day}T${HOURS[rng.int(0, 23)]}:${SIXTY[rng.int(0, 59)]}:${SIXTY[rng.int(0, 59)]}`,
      user: {
        id: rng.int(1, 100_000),
        name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
        address: { city: rng.pick(CITIES), country: rng.pick(COUNTRIES) },
      },
      tags: Array.from({ length: full ? 2 : rng.int(0, 3) }, () => rng.pick(WORDS)),
      items: Array.from({ length: full ? 1 : rng.int(0, 2) }, () => ({
        sku: `SKU-${rng.int(1000, 9999)}`,
        qty: rng.int(1, 20),
        price: fractional(rng, 20_000),
      })),
      amount: !full && rng.chance(0.05) ? null : fractional(rng, 100_000),
      ok: rng.chance(0.8),
      note: !full && rng.chance(0.5) ? null : `${rng.pick(WORDS)} "${rng.pick(WORDS)}", ${rng.pick(WORDS)}`,
    };
    out.push(JSON.stringify(rec) + '\n');
  }
  return out.join('');
}
