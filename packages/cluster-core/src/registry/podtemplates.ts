/** core/v1 PodTemplate: pkg/registry/core/podtemplate/strategy.go, printers.go printPodTemplate. */
import { containerCells } from './pod-printing';
import { defaultPodTemplate } from './pod-spec-defaults';
import { validatePodTemplateSpec } from './pod-spec-validation';
import { podSpecWarnings } from './pod-warnings';
import { formatLabels, NAME_COLUMN } from './printing';
import { isObj } from './spec-access';
import type { ResourceDefinition } from './types';

export const podTemplates: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'PodTemplate',
  plural: 'podtemplates',
  namespaced: true,
  generation: true,
  defaults(obj) {
    if (!isObj(obj.template)) obj.template = {};
    defaultPodTemplate(obj.template, { kind: 'PodTemplate' });
  },
  validate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
  warnings(obj, old) {
    if (old && old.metadata.generation === obj.metadata.generation) return [];
    const t = isObj(obj.template) ? obj.template : {};
    return podSpecWarnings(
      'template',
      isObj(t.spec) ? t.spec : {},
      isObj(t.metadata) ? t.metadata : {},
    );
  },
  columns: [
    NAME_COLUMN,
    { name: 'Containers', type: 'string', description: 'Names of each container in the template.' },
    {
      name: 'Images',
      type: 'string',
      description: 'Images referenced by each container in the template.',
    },
    { name: 'Pod Labels', type: 'string', description: 'The labels for the pod template.' },
  ],
  row: (obj) => {
    const [names, images] = containerCells(obj.template?.spec?.containers);
    return [obj.metadata.name, names, images, formatLabels(obj.template?.metadata?.labels)];
  },
};
