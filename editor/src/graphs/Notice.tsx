import { Icon } from '../palette/Icon.tsx';

export interface NoticeMessage {
  kind: 'error' | 'info' | 'ok';
  text: string;
}

/** The one message line under the toolbar: what just went wrong or right. */
export function Notice({ notice, onClose }: { notice: NoticeMessage | null; onClose(): void }) {
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <Icon name={notice.kind === 'error' ? 'alert' : 'check'} size={15} />
      <span>{notice.text}</span>
      <button type="button" className="icon-button" title="Dismiss" onClick={onClose}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
