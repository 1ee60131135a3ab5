/** Significant digits of a decimal number's text (`0.0120e5` has 3): at most 17 survive a double. */
export function significantDigits(text: string): number {
  return text
    .replace(/[eE].*$/, '')
    .replace(/[^0-9]/g, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '').length;
}

/** The most significant digits a double keeps: a number written with more has lost some when it lands as a double. */
export const DOUBLE_DIGITS = 17;
