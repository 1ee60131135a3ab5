import type { Page } from 'playwright-core';

/** Signs the page in through the editor's login form, as a person would, and waits for the editor. */
export async function signInWithForm(page: Page, user: { name: string; password: string }) {
  await page.getByTestId('login-page').waitFor();
  await page.getByTestId('login-username').fill(user.name);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('account-name').waitFor();
}
