/** Every built-in kind the API server serves: adding a kind means adding its file here. */
import { configMaps } from './configmaps';
import { namespaces } from './namespaces';
import { secrets } from './secrets';
import { serviceAccounts } from './serviceaccounts';
import { services } from './services';
import type { ResourceDefinition } from './types';

export const builtinResources: ResourceDefinition[] = [
  configMaps,
  namespaces,
  secrets,
  serviceAccounts,
  services,
];
