/** Precomputed date and time strings: formatting a Date per value would dominate generation time. */
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2015, 0, 1);
export const DAY_COUNT = 4018; // 2015-01-01 .. 2025-12-31

const pad2 = (n: number) => String(n).padStart(2, '0');

export const DATES: readonly string[] = Array.from({ length: DAY_COUNT }, (_, i) => new Date(FIRST_DAY + i * DAY_MS).toISOString().slice(0, 10));
export const HOURS: readonly string[] = Array.from({ length: 24 }, (_, i) => pad2(i));
export const SIXTY: readonly string[] = Array.from({ length: 60 }, (_, i) => pad2(i));
