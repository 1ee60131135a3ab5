import { describe, expect, it } from 'vitest';
import { credentialNameProblem, credentialValueProblem } from './credential-draft.ts';

describe('credentialNameProblem', () => {
  it('takes the names the runtime takes', () => {
    for (const name of ['partner_s3_secret', '_x', 'S3.key-2']) expect(credentialNameProblem(name)).toBeNull();
  });

  it('says in plain words what is wrong with a name', () => {
    expect(credentialNameProblem('')).toMatch(/^Name the credential/);
    expect(credentialNameProblem('9lives')).toBe('A credential name starts with a letter or "_" and holds only letters, digits, "_", "." and "-".');
    expect(credentialNameProblem('has space')).toMatch(/starts with a letter/);
    expect(credentialNameProblem(`a${'b'.repeat(128)}`)).toBe('A credential name has at most 128 characters.');
  });
});

describe('credentialValueProblem', () => {
  it('wants a value of at most 64 KiB, and never repeats it', () => {
    expect(credentialValueProblem('')).toBe('Enter the secret value.');
    expect(credentialValueProblem('s3cr3t')).toBeNull();
    const long = `marker${'x'.repeat(65_536)}`;
    expect(credentialValueProblem(long)).toBe('A credential value has at most 65536 characters.');
  });
});
