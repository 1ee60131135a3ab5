import { useState } from 'react';
import { announceCredentialsChanged } from '../api/credentials-changed.ts';
import { Icon } from '../palette/Icon.tsx';
import type { AdminApi, CredentialRow } from './admin-api.ts';
import { CreateCredentialForm } from './CreateCredentialForm.tsx';
import { credentialValueProblem } from './credential-draft.ts';
import { InlineSecretForm } from './InlineSecretForm.tsx';
import { useAdminList } from './useAdminList.ts';
import { formatWhen } from './user-draft.ts';

interface Props {
  admin: AdminApi;
  report(message: { kind: 'error' | 'ok'; text: string }): void;
}

/**
 * Named credentials (S3 keys, webhook secrets): added, given a new value and deleted here. Values
 * are write-only: typed once, stored encrypted by the runtime, never shown again.
 */
export function CredentialsSection({ admin, report }: Props) {
  const [rows, reload] = useAdminList<CredentialRow>(admin.credentials, 'Credentials', report);
  const [rotating, setRotating] = useState<string | null>(null);

  const changed = () => {
    void reload();
    announceCredentialsChanged();
  };

  const put = async (name: string, value: string, what: 'added' | 'rotated') => {
    if (what === 'added' && rows?.some((r) => r.name === name)) {
      report({ kind: 'error', text: `A credential “${name}” exists already: give it a new value in its row instead.` });
      return false;
    }
    try {
      await admin.putCredential(name, value);
      report({ kind: 'ok', text: `${what === 'added' ? 'The credential' : 'The new value of'} “${name}” is stored. Its value is not shown again.` });
      return true;
    } catch (e) {
      report({ kind: 'error', text: `The credential “${name}” was not stored: ${(e as Error).message}` });
      return false;
    } finally {
      changed();
    }
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Delete the credential “${name}”? Graphs and triggers that name it fail until it is added again.`)) return;
    try {
      await admin.deleteCredential(name);
      report({ kind: 'ok', text: `The credential “${name}” is deleted.` });
    } catch (e) {
      report({ kind: 'error', text: `The credential “${name}” was not deleted: ${(e as Error).message}` });
    }
    changed();
  };

  return (
    <section className="settings-section" aria-label="Credentials" data-testid="credentials-section">
      <h2>Credentials</h2>
      <p className="muted">
        Secrets that nodes and triggers use by name (S3 keys, webhook secrets). A value is stored encrypted and never shown again: to change it, give it a new
        value. Nodes pick the name in their settings.
      </p>
      <CreateCredentialForm onCreate={(name, value) => put(name, value, 'added')} />
      <table className="settings-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Added</th>
            <th>Value set</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows?.map((c) => (
            <tr key={c.name} data-credential={c.name}>
              <td>
                <code>{c.name}</code>
              </td>
              <td className="muted">{formatWhen(c.createdAt, '–')}</td>
              <td className="muted">{formatWhen(c.updatedAt, '–')}</td>
              <td>
                {rotating === c.name ? (
                  <InlineSecretForm
                    label={`New value of ${c.name}`}
                    submit="Save"
                    problemOf={credentialValueProblem}
                    onSave={(value) => put(c.name, value, 'rotated')}
                    onCancel={() => setRotating(null)}
                    testId="rotate-credential"
                  />
                ) : (
                  <span className="inline-row">
                    <button type="button" className="link-button" onClick={() => setRotating(c.name)} data-testid="rotate-credential">
                      New value
                    </button>
                    <button type="button" className="link-button danger-link" onClick={() => void remove(c.name)} data-testid="delete-credential">
                      <Icon name="trash" size={13} /> Delete
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows?.length === 0 && <p className="empty-state">No credentials yet.</p>}
    </section>
  );
}
