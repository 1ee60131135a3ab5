import { useMemo, useState } from 'react';
import type { Api } from '../api/api-client.ts';
import { Notice, type NoticeMessage } from '../graphs/Notice.tsx';
import { Icon } from '../palette/Icon.tsx';
import { adminApi } from './admin-api.ts';
import { CredentialsSection } from './CredentialsSection.tsx';
import { TokensSection } from './TokensSection.tsx';
import { UsersSection } from './UsersSection.tsx';
import { WorkersSection } from './WorkersSection.tsx';

/** Users, API tokens and credentials, for admins: over the editor, which stays as it was underneath. */
export function SettingsScreen({ api, self, onClose }: { api: Api; self: string; onClose(): void }) {
  const admin = useMemo(() => adminApi(api), [api]);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  return (
    <div className="settings-screen" role="dialog" aria-label="Settings" data-testid="settings">
      <header className="settings-head">
        <h1>Settings</h1>
        <button type="button" className="tool-button" onClick={onClose} data-testid="close-settings">
          <Icon name="x" size={14} /> Close
        </button>
      </header>
      <Notice notice={notice} onClose={() => setNotice(null)} />
      <div className="settings-body">
        <UsersSection admin={admin} self={self} report={setNotice} />
        <TokensSection admin={admin} report={setNotice} />
        <CredentialsSection admin={admin} report={setNotice} />
        <WorkersSection admin={admin} report={setNotice} />
      </div>
    </div>
  );
}
