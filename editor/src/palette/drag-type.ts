/** The dataTransfer type a palette entry carries when dragged onto the canvas. */
export const NODE_TYPE_MIME = 'application/x-sluice-node-type';
