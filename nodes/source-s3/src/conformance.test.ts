import { fileURLToPath } from 'node:url';
import { runNodeConformance } from '@sluice/sdk/conformance';
import plugin from './index.ts';

runNodeConformance(plugin, {
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  validConfig: { bucket: 'landing' },
});
