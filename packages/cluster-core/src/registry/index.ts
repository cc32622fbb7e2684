/** Every built-in kind the API server serves: adding a kind means adding its file here. */
import { configMaps } from './configmaps';
import type { ResourceDefinition } from './types';

export const builtinResources: ResourceDefinition[] = [configMaps];
