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
  async put(name: string, value: string, now = new Date()): Promise<{ created: boolean }> {
    const sealed = this.cipher.seal(value);
    return this.c.locked(() => {
      const before = this.infoOf(name);
      this.c.db
        .insert(credentials)
        .values({ name, value: sealed, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: credentials.name, set: { value: sealed, updatedAt: now } })
        .run();
      return { created: !before };
    });
  }

  async value(name: string): Promise<string | undefined> {
    const stored = await this.c.locked(() => this.c.db.select({ value: credentials.value }).from(credentials).where(eq(credentials.name, name)).get()?.value);
    return stored === undefined ? undefined : this.cipher.open(stored);
  }

  async info(name: string): Promise<CredentialInfo | undefined> {
    return this.c.locked(() => this.infoOf(name));
  }

  async list(): Promise<CredentialInfo[]> {
    return this.c.locked(() =>
      this.c.db
        .select({ name: credentials.name, createdAt: credentials.createdAt, updatedAt: credentials.updatedAt })
        .from(credentials)
        .orderBy(asc(credentials.name))
        .all(),
    );
  }

  /**
   * True when a stored graph's webhook names this credential as its secret: such a value is the
   * runtime's, never a node's. The graphs table is the graph repository's to read.
   */
  async isWebhookSecret(name: string): Promise<boolean> {
    return this.graphs.namesWebhookSecret(name);
  }

  async delete(name: string): Promise<boolean> {
    return this.c.locked(() => this.c.db.delete(credentials).where(eq(credentials.name, name)).run().changes === 1);
  }

  private infoOf(name: string): CredentialInfo | undefined {
    return this.c.db
      .select({ name: credentials.name, createdAt: credentials.createdAt, updatedAt: credentials.updatedAt })
      .from(credentials)
      .where(eq(credentials.name, name))
      .get();
  }
}
