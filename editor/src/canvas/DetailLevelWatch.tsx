import { useContext, useEffect, useRef } from 'react';
import { useStore, useStoreApi, useUpdateNodeInternals } from '@xyflow/react';
import { LightDetailContext } from './canvas-contexts.ts';
import { isLightZoom } from './level-of-detail.ts';

/**
 * Inside the flow: one store selector reads the zoom as a boolean, so the canvas hears of it only
 * when the zoom crosses the level-of-detail threshold, never on each frame of a pan or zoom. Once
 * the nodes are drawn in their other form, their ports are measured again (a light box holds its
 * handles elsewhere, and may keep its size, which xyflow would take as nothing having changed).
 */
export function DetailLevelWatch({ onChange }: { onChange(light: boolean): void }) {
  const lightZoom = useStore((s) => isLightZoom(s.transform[2]));
  const light = useContext(LightDetailContext);
  const store = useStoreApi();
  const updateNodeInternals = useUpdateNodeInternals();
  const drawn = useRef(light);
  useEffect(() => onChange(lightZoom), [lightZoom, onChange]);
  useEffect(() => {
    if (drawn.current === light) return;
    drawn.current = light;
    const root = store.getState().domNode;
    const ids = [...(root?.querySelectorAll('.react-flow__node') ?? [])].map((n) => n.getAttribute('data-id') ?? '').filter(Boolean);
    if (ids.length) updateNodeInternals(ids);
  }, [light, store, updateNodeInternals]);
  return null;
}
