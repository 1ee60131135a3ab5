import { describe, expect, it } from 'vitest';
import { helpLinkUrl } from './help-link-url.ts';

describe('helpLinkUrl', () => {
  it('keeps absolute http, https and mailto addresses', () => {
    expect(helpLinkUrl('https://example.com/docs?a=1#b')).toBe('https://example.com/docs?a=1#b');
    expect(helpLinkUrl('http://example.com')).toBe('http://example.com/');
    expect(helpLinkUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com');
  });

  it('drops scripts, data, other schemes and every relative address', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' \u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      '//evil.example/x',
      '/api/graphs',
      './docs/options.md',
      '#options',
      '',
    ]) {
      expect(helpLinkUrl(url), url).toBe('');
    }
  });
});
