import { Icon } from '../palette/Icon.tsx';

/** Why the wire being drawn (or just dropped) is refused. */
export function ConnectionHint({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="connection-hint" role="alert" data-testid="connection-refused">
      <Icon name="alert" size={14} />
      <span>Cannot connect: {message}</span>
    </div>
  );
}
