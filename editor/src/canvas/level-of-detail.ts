/**
 * Below this zoom a node's 12 px text is drawn under 6 px high: nobody reads ports or figures
 * there, but the browser still lays out and paints them for every node in view. The canvas then
 * draws each node as a light box (its name and state colour) and leaves out the copies of wires
 * drawn above nodes, as map viewers draw less detail when zoomed out.
 */
export const LIGHT_BELOW_ZOOM = 0.5;

/** Whether nodes are drawn as light boxes at this zoom: a boolean, so a store selector on it changes only when the zoom crosses the threshold. */
export function isLightZoom(zoom: number): boolean {
  return zoom < LIGHT_BELOW_ZOOM;
}
