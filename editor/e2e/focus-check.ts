import type { Page } from 'playwright-core';

/**
 * Presses Tab `presses` times from where focus is and, for each element reached, compares its
 * look (with its parent's and its content's) focused and unfocused (blurred: Chromium then resumes Tab from the same place). Returns
 * the elements that look the same either way (focus on them cannot be seen), and all it reached.
 */
export async function focusWalk(page: Page, presses: number): Promise<{ invisible: string[]; reached: string[] }> {
  const invisible: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const describe = (e: Element) => {
        const name = e.getAttribute('aria-label') ?? e.getAttribute('data-testid') ?? (e.textContent ?? '').trim().slice(0, 30);
        return `<${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? ` class="${e.className}"` : ''}> ${name}`;
      };
      // How it looks, as far as a focus indicator goes: the ring may be drawn on the element, on its
      // box (a search field's frame) or on what it holds (a canvas node's card, a wire's path).
      const lookOf = (e: Element) =>
        [e, e.parentElement!, ...Array.from(e.querySelectorAll('*')).slice(0, 40)]
          .map((x) => {
            const s = getComputedStyle(x);
            return [
              s.outlineStyle,
              s.outlineWidth,
              s.outlineColor,
              s.boxShadow,
              s.borderColor,
              s.backgroundColor,
              s.textDecorationLine,
              s.stroke,
              s.strokeWidth,
            ].join('|');
          })
          .join('/');
      const focused = lookOf(el);
      (el as HTMLElement).blur();
      const unfocused = lookOf(el);
      return { who: describe(el), same: focused === unfocused };
    });
    if (!r) continue;
    if (r.same && !seen.has(r.who)) invisible.push(r.who);
    seen.add(r.who);
  }
  return { invisible, reached: [...seen] };
}
