import { asc, eq, sql } from 'drizzle-orm';
import { credentials } from '../db/credentials-table.ts';
import { graphs } from '../db/graphs-table.ts';
import type { CredentialCipher } from './credential-cipher.ts';
import type { DbClient } from './db-client.ts';

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
   * True when a stored graph's webhook names this credential as its secret (`settings.triggers.
   * webhook.secretRef`, enabled or not): such a value is the runtime's, never a node's. Read from
   * the documents at each call, so that a graph saved a moment ago counts at once.
   */
  isWebhookSecret(name: string): boolean {
    const ref = sql`json_extract(${graphs.document}, '$.settings.triggers.webhook.secretRef')`;
    return this.c.db.select({ id: graphs.id }).from(graphs).where(sql`${ref} = ${name}`).limit(1).get() !== undefined;
  }

  delete(name: string): boolean {
    return this.c.db.delete(credentials).where(eq(credentials.name, name)).run().changes === 1;
  }
}
