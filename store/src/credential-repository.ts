import { asc, eq } from 'drizzle-orm';
import type { CredentialCipher } from './credential-cipher.ts';
import type { GraphRepository } from './graph-repository.ts';
import type { StoreDb } from './store-db.ts';
import { holdsNul, refuseNul } from './storable-text.ts';

export interface CredentialInfo {
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Named secrets. Listing gives names and times only; the value is read by the run's SecretResolver.
 * A value is stored sealed (`v1:` and base64, credential-cipher.ts): text either dialect keeps as it
 * is, whatever the secret holds (a NUL included). A name holding NUL is refused, and found nowhere
 * (storable-text.ts; the API allows none, but a graph names its credentials as it likes).
 */
export class CredentialRepository {
  constructor(
    private readonly c: StoreDb,
    private readonly cipher: CredentialCipher,
    private readonly graphs: Pick<GraphRepository, 'namesWebhookSecret'>,
  ) {}

  /** Creates or replaces a credential; `created` tells which (the insert's row came back: it was not there). */
  async put(name: string, value: string, now = new Date()): Promise<{ created: boolean }> {
    const { credentials } = this.c.t;
    refuseNul('credential name', name);
    const sealed = this.cipher.seal(value);
    return this.c.atomic(async () => {
      const added = await this.c
        .db()
        .insert(credentials)
        .values({ name, value: sealed, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning({ name: credentials.name });
      if (!added.length) await this.c.db().update(credentials).set({ value: sealed, updatedAt: now }).where(eq(credentials.name, name));
      return { created: added.length === 1 };
    });
  }

  async value(name: string): Promise<string | undefined> {
    const { credentials } = this.c.t;
    if (holdsNul(name)) return undefined;
    const [stored] = await this.c.run(() => this.c.db().select({ value: credentials.value }).from(credentials).where(eq(credentials.name, name)));
    return stored === undefined ? undefined : this.cipher.open(stored.value);
  }

  async info(name: string): Promise<CredentialInfo | undefined> {
    if (holdsNul(name)) return undefined;
    const [info] = await this.c.run(() => this.infos().where(eq(this.c.t.credentials.name, name)));
    return info;
  }

  async list(): Promise<CredentialInfo[]> {
    return this.c.run(() => this.infos().orderBy(asc(this.c.t.credentials.name)));
  }

  /**
   * True when a stored graph's webhook names this credential as its secret: such a value is the
   * runtime's, never a node's. The graphs table is the graph repository's to read.
   */
  async isWebhookSecret(name: string): Promise<boolean> {
    return this.graphs.namesWebhookSecret(name);
  }

  async delete(name: string): Promise<boolean> {
    const { credentials } = this.c.t;
    if (holdsNul(name)) return false;
    const gone = await this.c.run(() => this.c.db().delete(credentials).where(eq(credentials.name, name)).returning({ name: credentials.name }));
    return gone.length === 1;
  }

  private infos() {
    const { credentials } = this.c.t;
    return this.c.db().select({ name: credentials.name, createdAt: credentials.createdAt, updatedAt: credentials.updatedAt }).from(credentials).$dynamic();
  }
}
