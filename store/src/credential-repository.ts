import { asc, eq } from 'drizzle-orm';
import { credentials } from './db/credentials-table.ts';
import type { CredentialCipher } from './credential-cipher.ts';
import type { DbClient } from './db-client.ts';
import type { GraphRepository } from './graph-repository.ts';

export interface CredentialInfo {
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Named secrets. Listing gives names and times only; the value is read by the run's SecretResolver. */
export class CredentialRepository {
  constructor(
    private readonly c: DbClient,
    private readonly cipher: CredentialCipher,
    private readonly graphs: Pick<GraphRepository, 'namesWebhookSecret'>,
  ) {}

  /** Creates or replaces a credential; `created` tells which. */
  put(name: string, value: string, now = new Date()): { created: boolean } {
    const before = this.info(name);
    this.c.db
      .insert(credentials)
      .values({ name, value: this.cipher.seal(value), createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: credentials.name, set: { value: this.cipher.seal(value), updatedAt: now } })
      .run();
    return { created: !before };
  }

  value(name: string): string | undefined {
    const stored = this.c.db.select({ value: credentials.value }).from(credentials).where(eq(credentials.name, name)).get()?.value;
    return stored === undefined ? undefined : this.cipher.open(stored);
  }

  info(name: string): CredentialInfo | undefined {
    return this.c.db
      .select({ name: credentials.name, createdAt: credentials.createdAt, updatedAt: credentials.updatedAt })
      .from(credentials)
      .where(eq(credentials.name, name))
      .get();
  }

  list(): CredentialInfo[] {
    return this.c.db
      .select({ name: credentials.name, createdAt: credentials.createdAt, updatedAt: credentials.updatedAt })
      .from(credentials)
      .orderBy(asc(credentials.name))
      .all();
  }

  /**
   * True when a stored graph's webhook names this credential as its secret: such a value is the
   * runtime's, never a node's. The graphs table is the graph repository's to read.
   */
  isWebhookSecret(name: string): boolean {
    return this.graphs.namesWebhookSecret(name);
  }

  delete(name: string): boolean {
    return this.c.db.delete(credentials).where(eq(credentials.name, name)).run().changes === 1;
  }
}
