import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HelpMarkdown } from './HelpMarkdown.tsx';

const render = (markdown: string) => renderToStaticMarkup(createElement(HelpMarkdown, { markdown }));

/** A README written to attack whoever reads the help. */
const HOSTILE = `# Hostile plugin

<script>alert('readme')</script>

<img src="http://tracker.example/pixel.gif">
<iframe src="https://tracker.example/frame"></iframe>
<a href="javascript:alert(1)">raw link</a>
<style>body { background: url(http://tracker.example/bg.png) }</style>

![logo](http://tracker.example/logo.png)
![](https://tracker.example/no-alt.png)
![ref image][pic]

[click me](javascript:alert(document.cookie))
[shout](JAVASCRIPT:alert(1))
[spaced]( javascript:alert(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[ref link][bad]
<javascript:alert(1)>

Inline: <img src=http://tracker.example/inline.gif> and <img src="https://tracker.example/quoted.gif" onerror="alert(1)">

[pic]: http://tracker.example/ref.png
[bad]: javascript:alert(2)
`;

describe('HelpMarkdown: a README renders as markdown, safely', () => {
  it('renders no script, no raw HTML element, no image and no javascript: or data: address', () => {
    const html = render(HOSTILE);
    expect(html).toContain('<h3>Hostile plugin</h3>');
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    // Only the elements markdown makes, none of which loads anything by itself.
    expect(new Set(tags.map((t) => /^<([a-z0-9]+)/i.exec(t)![1]!.toLowerCase()))).toEqual(new Set(['h3', 'p', 'span', 'a']));
    // No attribute that loads or runs anything: only links' href/target/rel and class.
    for (const tag of tags) expect(tag.replace(/\s(href|target|rel|class)="[^"]*"/g, ''), tag).toMatch(/^<[a-z0-9]+>$/i);
    // The one address kept is the text of an unquoted <img> that markdown took for a web link: a
    // request only if the user clicks it. No href runs or shows anything in the editor's origin.
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs).toEqual(['http://tracker.example/inline.gif%3E']);
    expect(html).not.toContain("alert('readme')");
    expect(html).not.toContain('onerror');
    // Images keep their text; links keep theirs, without an address.
    expect(html).toContain('[image: logo]');
    expect(html).toContain('[image]');
    expect(html).toContain('[image: ref image]');
    for (const text of ['click me', 'shout', 'spaced', 'data', 'ref link']) expect(html).toContain(`<span class="node-help-unlinked">${text}</span>`);
  });

  it('opens web links in a new tab that cannot reach back, and renders tables, code and headings one level down', () => {
    const html = render(
      [
        '## Options',
        '',
        'See [the docs](https://example.com/docs) or write to <mailto:help@example.com>, or https://example.com/auto.',
        '',
        '| option | default |',
        '|---|---|',
        '| `delimiter` | `,` |',
        '',
        '```',
        'const x = 1;',
        '```',
        '',
        '[relative](./docs/more.md) and [anchor](#options)',
      ].join('\n'),
    );
    expect(html).toContain('<h4>Options</h4>');
    expect(html).toContain('<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer">the docs</a>');
    expect(html).toContain('<a href="mailto:help@example.com" target="_blank" rel="noopener noreferrer">mailto:help@example.com</a>');
    expect(html).toContain('<a href="https://example.com/auto" target="_blank" rel="noopener noreferrer">');
    expect(html).toMatch(/<table>.*<th>option<\/th>.*<td><code>delimiter<\/code><\/td>/s);
    expect(html).toContain('<pre><code>const x = 1;\n</code></pre>');
    expect(html).toContain('<span class="node-help-unlinked">relative</span> and <span class="node-help-unlinked">anchor</span>');
    // Every link carries rel=noopener noreferrer.
    for (const a of html.match(/<a\b[^>]*>/g) ?? []) expect(a).toMatch(/rel="noopener noreferrer"/);
  });
});
