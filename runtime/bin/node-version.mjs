// The oldest Node the runtime runs on, and the one-line refusal for an older one. Plain JavaScript
// with no imports, so that `sluice` can check before it loads anything else.
export const MIN_NODE_MAJOR = 24;

/** Undefined when `version` (process.versions.node) is new enough; else the message to print. */
export function nodeVersionProblem(version, execPath) {
  if (Number(String(version).split('.')[0]) >= MIN_NODE_MAJOR) return undefined;
  return `sluice: Node ${MIN_NODE_MAJOR} or newer is required (this is v${version}, ${execPath}): run "bash scripts/setup.sh" as root, which installs Node ${MIN_NODE_MAJOR} into /usr/local/bin`;
}
