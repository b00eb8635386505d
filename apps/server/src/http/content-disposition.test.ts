import { describe, expect, it } from 'vitest';
import { attachment } from './content-disposition.js';

describe('attachment', () => {
  it('names a file outside Latin-1 in a header Node accepts, exactly, per RFC 5987', () => {
    const header = attachment('数据 "x" (1).jsonl');
    expect(header).toBe(
      `attachment; filename="__ _x_ (1).jsonl"; filename*=UTF-8''%E6%95%B0%E6%8D%AE%20%22x%22%20%281%29.jsonl`,
    );
    // Node's own header check, which threw on the raw name.
    expect(() => new Headers({ 'content-disposition': header })).not.toThrow();
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('数据 "x" (1).jsonl');
  });
});
