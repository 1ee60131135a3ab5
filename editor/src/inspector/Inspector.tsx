import { useMemo } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import type { SluiceFlowNode } from '../canvas/flow-model.ts';
import { categoryStyle } from '../palette/categories.ts';
import { Icon, hasIcon } from '../palette/Icon.tsx';
import { ConfigFields } from './ConfigFields.tsx';
import { formModel } from './form-model.ts';
import { HelpText } from './HelpText.tsx';
import { shownErrors } from './shown-errors.ts';
import { validateConfig } from './validate-config.ts';

interface Props {
  node: SluiceFlowNode;
  info: NodeTypeInfo | undefined;
  credentials: string[] | null;
  /** The runtime's problems with this node's config, by field path; they win over the client's. */
  serverErrors: Record<string, string>;
  /** Fields of this node the user has edited, and whether a save was tried: when "Required" shows. */
  touched: ReadonlySet<string> | undefined;
  saveTried: boolean;
  onConfig(config: Record<string, unknown>, editKey: string): void;
  onName(name: string): void;
  onDelete(): void;
}

/** The selected node's settings: its name and the form generated from its type's config schema. */
export function Inspector({ node, info, credentials, serverErrors, touched, saveTried, onConfig, onName, onDelete }: Props) {
  const fields = useMemo(() => (info ? formModel(info.configSchema) : []), [info]);
  const errors = useMemo(
    () => ({ ...shownErrors(info ? validateConfig(info.configSchema, node.data.config) : {}, touched, saveTried), ...serverErrors }),
    [info, node.data.config, serverErrors, touched, saveTried],
  );
  const style = categoryStyle(info?.category ?? '');
  return (
    <div className="inspector" data-testid="inspector">
      <div className="inspector-head" style={{ '--accent': style.color } as React.CSSProperties}>
        <span className="sn-icon">
          <Icon name={hasIcon(info?.icon) ? info!.icon! : style.icon} size={16} />
        </span>
        <div>
          <h2>{info?.title ?? node.data.type}</h2>
          <p className="muted">
            {node.id} · {node.data.type} v{node.data.typeVersion}
          </p>
        </div>
        <button type="button" className="icon-button danger" title="Delete node" onClick={onDelete}>
          <Icon name="trash" size={15} />
        </button>
      </div>
      {info?.description && <HelpText text={info.description} className="inspector-desc" />}
      <div className="field">
        <label className="field-label" htmlFor="node-name">
          Label
        </label>
        <input id="node-name" type="text" placeholder={info?.title ?? node.data.type} value={node.data.name ?? ''} onChange={(e) => onName(e.target.value)} />
      </div>
      {!info && (
        <>
          <p className="empty-state error-text">
            A placeholder: no installed plugin provides the type “{node.data.type}”, so its settings cannot be edited here. They are kept exactly as they are
            (saved and exported unchanged) until the plugin is installed; the graph cannot run until then.
          </p>
          <pre className="placeholder-config" data-testid="placeholder-config">
            {JSON.stringify(node.data.config, null, 2)}
          </pre>
        </>
      )}
      {info && fields.length === 0 && <p className="empty-state">This node has no settings.</p>}
      <form className="config-form" onSubmit={(e) => e.preventDefault()} noValidate>
        <ConfigFields fields={fields} values={node.data.config} path="" errors={errors} credentials={credentials} onChange={onConfig} />
      </form>
      {errors[''] && (
        <p className="field-error" role="alert">
          {errors['']}
        </p>
      )}
    </div>
  );
}
