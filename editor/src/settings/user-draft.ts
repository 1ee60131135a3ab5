/** The runtime's rules for user names and passwords, checked before sending so the form can say which field is wrong. */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 1024;

export function userNameProblem(name: string): string | null {
  if (!name) return 'Enter a user name.';
  return USER_NAME.test(name) ? null : 'A user name is 1 to 64 letters, digits, "_", ".", "@" or "-", starting with a letter or digit.';
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD) return `A password needs at least ${MIN_PASSWORD} characters.`;
  if (password.length > MAX_PASSWORD) return `A password has at most ${MAX_PASSWORD} characters.`;
  return null;
}

const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/;

export function tokenNameProblem(name: string): string | null {
  if (!name) return 'Name the token after what will use it (e.g. "ci-nightly").';
  if (name.startsWith('tok_')) return 'A token name cannot start with "tok_" (token ids do).';
  return TOKEN_NAME.test(name) ? null : 'A token name is 1 to 64 letters, digits, "_", ".", ":", "@" or "-", starting with a letter or digit.';
}

/** "never" for a token not used yet; a local date and time otherwise. */
export function formatWhen(iso: string | null | undefined, never = 'never'): string {
  if (!iso) return never;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
