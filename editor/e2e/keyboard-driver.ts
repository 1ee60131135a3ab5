import type { Page } from 'playwright-core';

/**
 * Drives the editor with the keyboard alone, as someone who uses no pointer: Tab (or Shift+Tab)
 * until focus is on the element wanted, then keys. No mouse event is sent.
 */
export function keyboardDriver(page: Page) {
  const focusedMatches = (selector: string) => page.evaluate((s) => !!document.activeElement?.matches(s), selector);

  /** Tabs forward (or back) until the focused element matches `selector`; fails after `max` presses. */
  async function tabTo(selector: string, { back = false, max = 400 } = {}) {
    for (let i = 0; i < max; i++) {
      if (await focusedMatches(selector)) return;
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${selector}`);
  }

  return {
    tabTo,

    /** Tabs to a field and types into it (after selecting what it held). */
    async typeInto(selector: string, text: string) {
      await tabTo(selector);
      await page.keyboard.press('Control+a');
      await page.keyboard.type(text);
    },

    /** Tabs to a <select> and moves through its options with the arrow keys to the first whose label matches. */
    async choose(selector: string, label: RegExp) {
      await tabTo(selector);
      const labels = await page.evaluate((s) => [...document.querySelector<HTMLSelectElement>(s)!.options].map((o) => o.label), selector);
      const target = labels.findIndex((l) => label.test(l));
      if (target < 0) throw new Error(`${selector} offers nothing like ${label}: ${labels.join(' | ')}`);
      const current = await page.evaluate((s) => document.querySelector<HTMLSelectElement>(s)!.selectedIndex, selector);
      for (let i = current; i < target; i++) await page.keyboard.press('ArrowDown');
      for (let i = current; i > target; i--) await page.keyboard.press('ArrowUp');
      const now = await page.evaluate((s) => document.querySelector<HTMLSelectElement>(s)!.selectedOptions[0]?.label ?? '', selector);
      if (!label.test(now)) throw new Error(`the arrow keys chose "${now}", not ${label}`);
    },
  };
}
