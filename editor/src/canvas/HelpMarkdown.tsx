import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { helpLinkUrl } from './help-link-url.ts';

// README headings sit under the panel's own title (an h2): `#` becomes h3, and so on down.
// Every component drops `node` (the syntax tree), which must not reach the DOM.
const components: Components = {
  h1: ({ node: _node, ...props }) => <h3 {...props} />,
  h2: ({ node: _node, ...props }) => <h4 {...props} />,
  h3: ({ node: _node, ...props }) => <h5 {...props} />,
  h4: ({ node: _node, ...props }) => <h6 {...props} />,
  h5: ({ node: _node, ...props }) => <h6 {...props} />,
  h6: ({ node: _node, ...props }) => <h6 {...props} />,
  // Links leave the editor in a new tab that cannot reach back (noopener) and is told nothing of it
  // (noreferrer); a link whose address was dropped (see helpLinkUrl) stays as its text.
  a: ({ node: _node, href, children, ...props }) =>
    href ? (
      <a {...props} href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span className="node-help-unlinked">{children}</span>
    ),
  // No image is loaded: a README's image would be a request to a third party's server that the
  // user never asked for (and tells it who reads the help, and when). Its text stands in for it.
  img: ({ alt }) => <span className="node-help-image">{alt ? `[image: ${alt}]` : '[image]'}</span>,
};

/**
 * A plugin's README rendered as markdown (CommonMark with GitHub's tables, task lists and
 * strikethrough). react-markdown builds React elements, never HTML strings; raw HTML in the
 * README is skipped, not rendered (no rehype-raw), so it can run no script and load nothing.
 */
export function HelpMarkdown({ markdown }: { markdown: string }) {
  return (
    <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={helpLinkUrl} components={components}>
      {markdown}
    </Markdown>
  );
}
