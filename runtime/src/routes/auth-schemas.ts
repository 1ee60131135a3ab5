import { z } from '@hono/zod-openapi';
import { ROLES } from '@sluice/store';
import { MAX_PASSWORD_LENGTH, passwordProblem } from '../auth/password-hash.ts';
import { USER_NAME_PATTERN, USER_NAME_RULE } from '@sluice/store';

export const roleSchema = z
  .enum(ROLES)
  .openapi({ description: 'admin: everything; editor: all but credentials, users, tokens and settings; viewer: read only' });

export const userNameSchema = z.string().regex(USER_NAME_PATTERN, USER_NAME_RULE);

/** A new password: checked here so that the answer names the field. */
export const newPasswordSchema = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const signedInSchema = z
  .object({
    user: z.object({ name: z.string(), role: roleSchema }),
    csrfToken: z.string().nullable().openapi({ description: 'Send it back in X-Sluice-CSRF on every request that changes something; null for a Bearer token' }),
  })
  .openapi('SignedIn');

export const passwordInput = z.string().max(MAX_PASSWORD_LENGTH);
