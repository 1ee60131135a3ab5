/** Tabs at the top of the side panel. */
export function PanelTabs<T extends string>({ tabs, active, onChange }: { tabs: [T, string][]; active: T; onChange(t: T): void }) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={id === active}
          className={id === active ? 'active' : ''}
          onClick={() => onChange(id)}
          data-testid={`tab-${id}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
