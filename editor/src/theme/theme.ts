import { useSyncExternalStore } from 'react';
import { nextThemeChoice, parseThemeChoice, resolveTheme, type Theme, type ThemeChoice } from './theme-preference.ts';

/** localStorage key of the user's theme choice (per browser, like the panel sizes). */
export const THEME_KEY = 'sluice.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const listeners = new Set<() => void>();
const systemDark = () => window.matchMedia?.(DARK_QUERY).matches ?? false;

/** Where storage is refused (privacy modes), the choice lasts for this page only. */
let unstored: ThemeChoice = null;

function storedChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(THEME_KEY));
  } catch {
    return unstored;
  }
}

export interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
}

let current: ThemeState = { choice: null, theme: 'light' };

function apply() {
  const choice = storedChoice();
  current = { choice, theme: resolveTheme(choice, systemDark()) };
  document.documentElement.dataset.theme = current.theme;
  for (const l of listeners) l();
}

/** Once, before the first render: sets <html data-theme> and follows later changes of the system's theme. */
export function startTheme() {
  apply();
  window.matchMedia?.(DARK_QUERY).addEventListener('change', apply);
  // Another tab of the editor changed the choice.
  window.addEventListener('storage', (e) => e.key === THEME_KEY && apply());
}

export function toggleTheme() {
  const next = nextThemeChoice(current.choice, systemDark());
  unstored = next;
  try {
    if (next) localStorage.setItem(THEME_KEY, next);
    else localStorage.removeItem(THEME_KEY);
  } catch {
    // Not remembered past this page.
  }
  apply();
}

export function useTheme(): ThemeState {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => current,
  );
}
