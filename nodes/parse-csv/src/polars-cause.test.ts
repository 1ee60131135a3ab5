import { describe, expect, it } from 'vitest';
import { polarsCause } from './polars-cause.ts';

describe('polarsCause', () => {
  it('keeps the original error and drops the advice', () => {
    const msg =
      'could not parse `"2` as dtype `str` at column \'b\'\n\nYou might want to try:\n- increasing `infer_schema_length`\n\nOriginal error: ```invalid csv file\n\nField `"2\n3,4\n` is not properly escaped.```';
    expect(polarsCause(new Error(msg))).toBe('invalid csv file Field `"2 3,4 ` is not properly escaped.');
    expect(polarsCause(new Error("found more fields than defined in 'Schema'\n\nConsider setting 'truncate_ragged_lines=true'."))).toBe(
      "found more fields than defined in 'Schema'",
    );
  });
});
