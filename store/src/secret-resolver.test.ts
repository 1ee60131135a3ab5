import type { GraphDocument } from '@sluice/sdk';
import { credentialEnvName } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../testing/test-store.ts';
import type { TempStore } from './temp-store.ts';
import { secretResolver, secretValue } from './secret-resolver.ts';

let temp: TempStore;
beforeEach(async () => {
  temp = await openTestStore('sluice-secrets-');
});
afterEach(() => temp.dispose());

const env = { HOME: '/root', PATH: '/usr/bin', SLUICE_API_TOKEN: 'slu_admin', AWS_SECRET_ACCESS_KEY: 'aws-secret', SLUICE_CREDENTIAL_S3_KEY_PROD: 'from-env' };

describe('secretResolver', () => {
  it('gives no environment variable a graph names: HOME, PATH, the API token, AWS keys resolve to nothing', async () => {
    const secrets = secretResolver(temp.store.credentials, env);
    for (const name of ['HOME', 'PATH', 'SLUICE_API_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'home']) expect(await secrets.get(name), name).toBeUndefined();
    expect(await secretValue(temp.store.credentials, 'HOME', env)).toBeUndefined();
  });

  it('reads SLUICE_CREDENTIAL_<NAME>: upper case, other characters as "_"; the store comes first', async () => {
    expect(credentialEnvName('s3-key.prod')).toBe('SLUICE_CREDENTIAL_S3_KEY_PROD');
    const secrets = secretResolver(temp.store.credentials, env);
    expect(await secrets.get('s3-key.prod')).toBe('from-env');
    expect(await secrets.get('S3_KEY_PROD')).toBe('from-env');
    await temp.store.credentials.put('s3-key.prod', 'from-store');
    expect(await secrets.get('s3-key.prod')).toBe('from-store');
  });

  it('keeps trigger tokens from nodes: sluice-events-token and other sluice- names, stored or in the environment', async () => {
    await temp.store.credentials.put('sluice-events-token', 'events-secret');
    await temp.store.credentials.put('Sluice-Other', 'x');
    const withEnv = { ...env, SLUICE_CREDENTIAL_SLUICE_EVENTS_TOKEN: 'events-env' };
    const secrets = secretResolver(temp.store.credentials, withEnv);
    expect(await secrets.get('sluice-events-token')).toBeUndefined();
    expect(await secrets.get('Sluice-Other')).toBeUndefined();
    // The runtime itself still reads it (the bucket-event intake, through the store).
    expect(await secretValue(temp.store.credentials, 'sluice-events-token', withEnv)).toBe('events-secret');
  });

  it('keeps the credential SLUICE_EVENTS_TOKEN_CREDENTIAL names from nodes', async () => {
    await temp.store.credentials.put('bucket-token', 't');
    expect(await secretResolver(temp.store.credentials, { SLUICE_EVENTS_TOKEN_CREDENTIAL: 'bucket-token' }).get('bucket-token')).toBeUndefined();
    expect(await secretResolver(temp.store.credentials, {}).get('bucket-token')).toBe('t');
  });

  it("keeps a webhook's secret from every node, from the moment a graph names it", async () => {
    await temp.store.credentials.put('partner-hook', 'hook-secret');
    const secrets = secretResolver(temp.store.credentials, {});
    expect(await secrets.get('partner-hook')).toBe('hook-secret');
    const doc: GraphDocument = {
      format: 'sluice-graph',
      version: 1,
      name: 'hooked',
      nodes: {},
      edges: [],
      settings: { triggers: { webhook: { enabled: false, path: 'partner', auth: 'bearer', secretRef: 'partner-hook' } } },
    } as GraphDocument;
    await temp.store.graphs.create(doc);
    expect(await secrets.get('partner-hook')).toBeUndefined();
    expect(await secretValue(temp.store.credentials, 'partner-hook', {})).toBe('hook-secret');
  });
});
