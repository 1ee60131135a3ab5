/** A change refused because of what is stored (a name taken, the last admin): answered with 409. */
export class AuthConflictError extends Error {
  override name = 'AuthConflictError';
}
