import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../api/api-error.ts';
import { formModel } from '../inspector/form-model.ts';
import { folderCheckOf, folderCheckText, folderToCheck, parentInside } from './folder-check.ts';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

describe('a folder field in the form model', () => {
  it('is a text field marked by its schema meta, never by node type', () => {
    const fields = formModel(
      toSchema(
        z.strictObject({
          inbox: z.string().meta({ pathKind: 'input-folder' }),
          root: z.string().default('bronze').meta({ pathKind: 'output-folder' }),
          plain: z.string(),
          odd: z.string().meta({ pathKind: 'anywhere' }),
          many: z.array(z.string()).meta({ pathKind: 'input-folder' }),
        }),
      ),
    );
    expect(Object.fromEntries(fields.map((f) => [f.key, f.pathKind]))).toEqual({
      inbox: 'input-folder',
      root: 'output-folder',
      plain: undefined,
      odd: undefined,
      many: undefined,
    });
  });
});

describe('folderToCheck', () => {
  it('checks local folders only', () => {
    expect(folderToCheck(' /srv/landing ')).toBe('/srv/landing');
    expect(folderToCheck('landing')).toBe('landing');
    for (const v of ['', '  ', undefined, 3, 's3://bucket/bronze', 'file:///etc']) expect(folderToCheck(v)).toBeUndefined();
  });
});

describe('folderCheckOf and folderCheckText', () => {
  const listing = { kind: 'input' as const, path: '/srv/in/2026', root: '/srv/in', exists: true, folders: [], truncated: false };

  it('says where an allowed folder lies', () => {
    expect(folderCheckText(folderCheckOf(listing), 'input')).toEqual({ tone: 'ok', text: '/srv/in/2026, inside the allowed folder /srv/in' });
    expect(folderCheckText(folderCheckOf({ ...listing, path: '/srv/in' }), 'input')?.text).toBe('/srv/in (an allowed folder)');
  });

  it('warns of a missing input folder, not of a missing output folder', () => {
    const missing = folderCheckOf({ ...listing, exists: false });
    expect(folderCheckText(missing, 'input')).toEqual({
      tone: 'warn',
      text: '/srv/in/2026 does not exist yet: it lies inside /srv/in, but runs find no files until it is made.',
    });
    expect(folderCheckText(missing, 'output')?.tone).toBe('ok');
  });

  it("flags a refused folder with the runtime's own words, and says when it could not ask", () => {
    const refused = folderCheckOf(new ApiError('"/etc" is outside the folders this runtime may read (SLUICE_ALLOWED_ROOTS: /srv/in). To allow it…', 422));
    expect(folderCheckText(refused, 'input')).toEqual({ tone: 'error', text: expect.stringContaining('SLUICE_ALLOWED_ROOTS') });
    expect(folderCheckOf(new ApiError('climbs with ".."', 400)).state).toBe('refused');
    const down = folderCheckOf(new ApiError('cannot reach the runtime', 0));
    expect(folderCheckText(down, 'input')).toEqual({ tone: 'warn', text: 'The folder could not be checked: cannot reach the runtime' });
    expect(folderCheckText({ state: 'checking' }, 'input')).toBeNull();
  });
});

describe('parentInside', () => {
  it('goes up to the root, never past it', () => {
    expect(parentInside('/srv/in/2026/12', '/srv/in')).toBe('/srv/in/2026');
    expect(parentInside('/srv/in/2026', '/srv/in')).toBe('/srv/in');
    expect(parentInside('/srv/in', '/srv/in')).toBeNull();
    expect(parentInside('/a', '/')).toBe('/');
  });
});
