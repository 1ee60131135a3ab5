import { z } from 'zod';

// The variable a credential may also come from, named in the editor's messages (pure, browser-safe).
export { CREDENTIAL_ENV_PREFIX, credentialEnvName } from './credential-env-name.ts';

/** A stored credential as every route shows it: its name and times, never its value. */
export const credentialInfoSchema = z
  .object({ name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Credential', description: 'A named credential: never its value' });
export type CredentialInfoView = z.infer<typeof credentialInfoSchema>;

/** `GET /api/credential-names`: the credentials a node may name (editors pick from them). */
export const credentialNamesSchema = z
  .object({ items: z.array(z.string()) })
  .meta({ id: 'CredentialNames', description: 'Names of the credentials nodes may use' });
