/** The runtime's rules for a credential's name and value, checked before sending so the form can say which is wrong. */
const CREDENTIAL_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const MAX_CREDENTIAL_NAME = 128;
export const MAX_CREDENTIAL_VALUE = 65_536;

export function credentialNameProblem(name: string): string | null {
  if (!name) return 'Name the credential the way nodes will refer to it (e.g. "partner_s3_secret").';
  if (name.length > MAX_CREDENTIAL_NAME) return `A credential name has at most ${MAX_CREDENTIAL_NAME} characters.`;
  return CREDENTIAL_NAME.test(name) ? null : 'A credential name starts with a letter or "_" and holds only letters, digits, "_", "." and "-".';
}

export function credentialValueProblem(value: string): string | null {
  if (!value) return 'Enter the secret value.';
  return value.length > MAX_CREDENTIAL_VALUE ? `A credential value has at most ${MAX_CREDENTIAL_VALUE} characters.` : null;
}
