import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import type { SluiceFlowNode } from '../canvas/flow-model.ts';
import { FolderScopeContext } from '../folders/FolderScope.ts';
import { PreviewDock } from '../layout/PreviewDock.tsx';
import type { PanelLayoutControls } from '../layout/usePanelLayout.ts';
import { PreviewPanel } from '../preview/PreviewPanel.tsx';
import { Inspector } from './Inspector.tsx';
import { PanelTabs } from './PanelTabs.tsx';
import { UploadPanel } from './UploadPanel.tsx';
import type { Uploads } from './useUploads.ts';

type NodeTab = 'config' | 'upload';

interface Props {
  node: SluiceFlowNode;
  info: NodeTypeInfo | undefined;
  credentials: string[] | null;
  serverErrors: Record<string, string>;
  touched: ReadonlySet<string> | undefined;
  saveTried: boolean;
  graphId: string | null;
  saved: boolean;
  /** The source upstream of the node, for previews of its files. */
  sourceId: string | null;
  uploads: Uploads;
  /** The node's wires, listed and drawn by keyboard (under its settings). */
  wires?: ReactNode;
  /** The panel sizes: the preview's height and whether it is collapsed. */
  layout: PanelLayoutControls;
  onConfig(config: Record<string, unknown>, editKey: string): void;
  onName(name: string): void;
  onDelete(): void;
}

/** The right-hand panel for one selected node: its settings, with a preview under them for parse nodes; upload for sources. */
export function SidePanel(p: Props) {
  const [tab, setTab] = useState<NodeTab>('config');
  const category = p.info?.category;
  const tabs: [NodeTab, string][] = [['config', 'Settings']];
  if (category === 'source') tabs.push(['upload', 'Upload']);
  useEffect(() => setTab('config'), [p.node.id]);
  const active = tabs.some(([t]) => t === tab) ? tab : 'config';
  const folderScope = useMemo(() => ({ graphId: p.graphId }), [p.graphId]);
  return (
    <>
      {tabs.length > 1 && <PanelTabs<NodeTab> tabs={tabs} active={active} onChange={setTab} />}
      <div className="panel-body">
        {active === 'config' && (
          <FolderScopeContext.Provider value={folderScope}>
            <Inspector
              node={p.node}
              info={p.info}
              credentials={p.credentials}
              serverErrors={p.serverErrors}
              touched={p.touched}
              saveTried={p.saveTried}
              onConfig={p.onConfig}
              onName={p.onName}
              onDelete={p.onDelete}
            />
          </FolderScopeContext.Provider>
        )}
        {active === 'config' && p.wires}
        {active === 'upload' && <UploadPanel graphId={p.graphId} nodeId={p.node.id} saved={p.saved} uploads={p.uploads} />}
      </div>
      {category === 'parse' && (
        <PreviewDock controls={p.layout}>
          <PreviewPanel key={p.node.id} node={p.node} configSchema={p.info?.configSchema} graphId={p.graphId} sourceId={p.sourceId} saved={p.saved} />
        </PreviewDock>
      )}
    </>
  );
}
