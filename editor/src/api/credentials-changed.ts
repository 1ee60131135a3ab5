/**
 * Said when the Settings screen adds, rotates or deletes a credential, so that the node forms'
 * credential pickers (useCredentials) list the names anew. One page, one signal.
 */
const signal = new EventTarget();

export function announceCredentialsChanged(): void {
  signal.dispatchEvent(new Event('changed'));
}

export function onCredentialsChanged(listener: () => void): () => void {
  signal.addEventListener('changed', listener);
  return () => signal.removeEventListener('changed', listener);
}
