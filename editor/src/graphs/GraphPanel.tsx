import { useEffect, useState } from 'react';
import type { RunView } from '../api/api-types.ts';
import type { DocumentHead } from '../canvas/flow-model.ts';
import { PanelTabs } from '../inspector/PanelTabs.tsx';
import type { LiveRun } from '../runs/apply-run-event.ts';
import { CheckpointsPanel } from '../runs/CheckpointsPanel.tsx';
import { RunsPanel } from '../runs/RunsPanel.tsx';
import { GraphSettings } from './GraphSettings.tsx';
import { TriggersPanel } from './TriggersPanel.tsx';

type GraphTab = 'runs' | 'triggers' | 'checkpoints' | 'settings';

interface Props {
  graphId: string;
  head: DocumentHead;
  live: LiveRun | null;
  shown: RunView | null;
  history: RunView[];
  historyError?: string;
  order: string[];
  selectedCount: number;
  savedRevision: number | undefined;
  credentials: string[] | null;
  triggersTouched: ReadonlySet<string> | undefined;
  saveTried: boolean;
  onTouchTrigger(path: string): void;
  onCredentialsChanged(): void;
  onSelectRun(run: RunView): void;
  /** Whether runs started elsewhere (webhook, schedule, bucket event) take over the canvas. */
  followLatest: boolean;
  onFollowLatest(on: boolean): void;
  onHead(patch: Partial<DocumentHead>): void;
}

/** The right-hand panel when no single node is selected: runs, checkpoints and graph settings. */
export function GraphPanel(p: Props) {
  const [tab, setTab] = useState<GraphTab>('runs');
  const liveId = p.live?.run.id;
  useEffect(() => {
    if (liveId) setTab('runs');
  }, [liveId]);
  return (
    <>
      <PanelTabs<GraphTab>
        tabs={[
          ['runs', 'Runs'],
          ['triggers', 'Triggers'],
          ['checkpoints', 'Checkpoints'],
          ['settings', 'Graph'],
        ]}
        active={tab}
        onChange={setTab}
      />
      <div className="panel-body">
        {p.selectedCount > 1 && <p className="muted">{p.selectedCount} nodes selected. Delete, copy or drag them together.</p>}
        {tab === 'runs' && (
          <RunsPanel
            live={p.live}
            shown={p.shown}
            history={p.history}
            historyError={p.historyError}
            order={p.order}
            onSelect={p.onSelectRun}
            followLatest={p.followLatest}
            onFollowLatest={p.onFollowLatest}
          />
        )}
        {tab === 'triggers' && (
          <TriggersPanel
            graphId={p.graphId}
            triggers={p.head.settings?.triggers}
            savedRevision={p.savedRevision}
            credentials={p.credentials}
            touched={p.triggersTouched}
            saveTried={p.saveTried}
            onTouch={p.onTouchTrigger}
            onCredentialsChanged={p.onCredentialsChanged}
            onChange={(triggers) => p.onHead({ settings: { ...p.head.settings, triggers } })}
          />
        )}
        {tab === 'checkpoints' && <CheckpointsPanel graphId={p.graphId} refreshKey={p.history} />}
        {tab === 'settings' && <GraphSettings head={p.head} graphId={p.graphId} onChange={p.onHead} />}
      </div>
    </>
  );
}
