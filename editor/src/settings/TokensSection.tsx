import { useState } from 'react';
import { Icon } from '../palette/Icon.tsx';
import type { AdminApi, CreatedToken, TokenRow } from './admin-api.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { NewTokenNotice } from './NewTokenNotice.tsx';
import { useAdminList } from './useAdminList.ts';
import { formatWhen } from './user-draft.ts';

interface Props {
  admin: AdminApi;
  report(message: { kind: 'error' | 'ok'; text: string }): void;
}

export function TokensSection({ admin, report }: Props) {
  const [tokens, reload] = useAdminList<TokenRow>(admin.tokens, 'Tokens', report);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const create = async (name: string, role: TokenRow['role']) => {
    try {
      setCreated(await admin.createToken(name, role));
      return true;
    } catch (e) {
      report({ kind: 'error', text: `The token ${name} was not created: ${(e as Error).message}` });
      return false;
    } finally {
      void reload();
    }
  };

  const revoke = async (t: TokenRow) => {
    if (!window.confirm(`Revoke the token ${t.name}? Whatever uses it is refused from now on.`)) return;
    try {
      await admin.revokeToken(t.id);
      report({ kind: 'ok', text: `The token ${t.name} is revoked.` });
    } catch (e) {
      report({ kind: 'error', text: `The token ${t.name} was not revoked: ${(e as Error).message}` });
    }
    void reload();
  };

  return (
    <section className="settings-section" aria-label="API tokens" data-testid="tokens-section">
      <h2>API tokens</h2>
      <p className="muted">
        For scripts and other machines: sent as <code>Authorization: Bearer &lt;token&gt;</code>, with the rights of their role.
      </p>
      {created && <NewTokenNotice created={created} onDone={() => setCreated(null)} />}
      <CreateTokenForm onCreate={create} />
      <table className="settings-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Created</th>
            <th>Last used</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens?.map((t) => (
            <tr key={t.id} data-token={t.name} className={t.revokedAt ? 'revoked' : ''}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td className="muted">{formatWhen(t.createdAt, '–')}</td>
              <td className="muted">{formatWhen(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt ? (
                  <span className="muted" data-testid="token-revoked">
                    revoked {formatWhen(t.revokedAt)}
                  </span>
                ) : (
                  <button type="button" className="link-button danger-link" onClick={() => void revoke(t)} data-testid="revoke-token">
                    <Icon name="trash" size={13} /> Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens?.length === 0 && <p className="empty-state">No API tokens yet.</p>}
    </section>
  );
}
