import { CopyButton } from '../graphs/CopyButton.tsx';
import { Icon } from '../palette/Icon.tsx';
import type { CreatedToken } from './admin-api.ts';

/** A token just made, shown this once: Sluice keeps only its hash. */
export function NewTokenNotice({ created, onDone }: { created: CreatedToken; onDone(): void }) {
  return (
    <div className="new-token" role="alert" data-testid="new-token-notice">
      <p>
        <Icon name="alert" size={14} /> <strong>Copy the token “{created.info.name}” now: it is shown only this once.</strong> Sluice stores only a hash of it;
        if it is lost, revoke it and make another. Send it as <code>Authorization: Bearer …</code>.
      </p>
      <div className="new-token-value">
        <input readOnly className="mono" value={created.token} aria-label="The new API token" onFocus={(e) => e.target.select()} data-testid="new-token" />
        <CopyButton text={created.token} />
      </div>
      <button type="button" className="tool-button" onClick={onDone} data-testid="new-token-done">
        I have copied it
      </button>
    </div>
  );
}
