import { Icon } from '../palette/Icon.tsx';

/** What the canvas area shows when no graph is open. */
export function Welcome({ loading, onCreate }: { loading: boolean; onCreate(): void }) {
  if (loading) return <div className="welcome muted">Loading…</div>;
  return (
    <div className="welcome">
      <h1>Land files in Bronze, visually</h1>
      <p>A graph lists files from a folder or bucket, decompresses and parses them, and writes them to Parquet, each file exactly once.</p>
      <button type="button" className="tool-button primary big" onClick={onCreate} data-testid="welcome-create">
        <Icon name="plus" size={16} /> Create a graph
      </button>
      <p className="muted">or import an exported graph with Import, above.</p>
    </div>
  );
}
