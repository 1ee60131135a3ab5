import { graphRecordSchema } from '@sluice/sdk/wire';
import { describe, expect, it } from 'vitest';
import { parseAnswer } from './parse-answer.ts';

describe('parseAnswer', () => {
  it('names the fields that do not match the wire contract', () => {
    const bad = { id: 'g1', name: 'G', createdAt: 't', updatedAt: 't', revision: 'two' };
    expect(() => parseAnswer(graphRecordSchema, bad, 'GET /api/graphs/g1')).toThrow(/GET \/api\/graphs\/g1.*document: .*revision: /);
  });
});
