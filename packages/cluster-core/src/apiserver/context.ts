/** What a request carries into the generic REST operations. */
import type { UserInfo } from '../registry/types';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface RequestContext {
  user: UserInfo;
  dryRun: boolean;
  /** `fieldManager` query parameter, or derived from the User-Agent. */
  fieldManager: string;
  fieldValidation: FieldValidation;
  /** Collected `Warning:` response headers. */
  warnings: string[];
  /** Server-side apply already computed managedFields for this write. */
  managedFieldsApplied?: boolean;
}

export const ADMIN_USER: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:masters', 'system:authenticated'],
};

export function systemContext(manager: string): RequestContext {
  return {
    user: {
      username: 'system:kube-controller-manager',
      groups: ['system:masters', 'system:authenticated'],
    },
    dryRun: false,
    fieldManager: manager,
    fieldValidation: 'Ignore',
    warnings: [],
  };
}
