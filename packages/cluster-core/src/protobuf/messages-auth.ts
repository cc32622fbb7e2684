/**
 * authentication.k8s.io/v1 (TokenRequest, TokenReview, SelfSubjectReview; v1beta1 SelfSubjectReview),
 * authorization.k8s.io/v1
 * (access and rules reviews) and certificates.k8s.io/v1 (CertificateSigningRequest): k8s.io/api
 * generated.proto and types.go of those groups. Release 1.33;
 * notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const authenticationV1: MessageTable = {
  package: 'authentication.v1',
  apiVersion: 'authentication.k8s.io/v1',
  messages: {
    TokenRequest: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 TokenRequestSpec!',
      status: '3 TokenRequestStatus',
    },
    SelfSubjectReview: {
      metadata: '1 meta.v1.ObjectMeta',
      status: '2 SelfSubjectReviewStatus',
    },
    TokenReview: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 TokenReviewSpec!',
      status: '3 TokenReviewStatus',
    },
    TokenRequestSpec: {
      audiences: '1 []string!',
      expirationSeconds: '4 *int64!',
      boundObjectRef: '3 *BoundObjectReference!',
    },
    TokenRequestStatus: {
      token: '1 string!',
      expirationTimestamp: '2 Time!',
    },
    SelfSubjectReviewStatus: {
      userInfo: '1 UserInfo',
    },
    TokenReviewSpec: {
      token: '1 string',
      audiences: '2 []string',
    },
    TokenReviewStatus: {
      authenticated: '1 bool',
      user: '2 UserInfo',
      audiences: '4 []string',
      error: '3 string',
    },
    BoundObjectReference: {
      kind: '1 string',
      apiVersion: '2 string',
      name: '3 string',
      uid: '4 string',
    },
    UserInfo: {
      username: '1 string',
      uid: '2 string',
      groups: '3 []string',
      extra: '4 map[string][]string',
    },
  },
};

/** Served for kubectl 1.27's `auth whoami`, which only knows the beta version. */
export const authenticationV1beta1: MessageTable = {
  package: 'authentication.v1beta1',
  apiVersion: 'authentication.k8s.io/v1beta1',
  messages: {
    SelfSubjectReview: {
      metadata: '1 meta.v1.ObjectMeta',
      status: '2 SelfSubjectReviewStatus',
    },
    SelfSubjectReviewStatus: {
      userInfo: '1 authentication.v1.UserInfo',
    },
  },
};

export const authorizationV1: MessageTable = {
  package: 'authorization.v1',
  apiVersion: 'authorization.k8s.io/v1',
  messages: {
    SelfSubjectAccessReview: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 SelfSubjectAccessReviewSpec!',
      status: '3 SubjectAccessReviewStatus',
    },
    SubjectAccessReview: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 SubjectAccessReviewSpec!',
      status: '3 SubjectAccessReviewStatus',
    },
    LocalSubjectAccessReview: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 SubjectAccessReviewSpec!',
      status: '3 SubjectAccessReviewStatus',
    },
    SelfSubjectRulesReview: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 SelfSubjectRulesReviewSpec!',
      status: '3 SubjectRulesReviewStatus',
    },
    SelfSubjectAccessReviewSpec: {
      resourceAttributes: '1 *ResourceAttributes',
      nonResourceAttributes: '2 *NonResourceAttributes',
    },
    SubjectAccessReviewStatus: {
      allowed: '1 bool!',
      denied: '4 bool',
      reason: '2 string',
      evaluationError: '3 string',
    },
    SubjectAccessReviewSpec: {
      resourceAttributes: '1 *ResourceAttributes',
      nonResourceAttributes: '2 *NonResourceAttributes',
      user: '3 string',
      groups: '4 []string',
      extra: '5 map[string][]string',
      uid: '6 string',
    },
    SelfSubjectRulesReviewSpec: {
      namespace: '1 string',
    },
    SubjectRulesReviewStatus: {
      resourceRules: '1 []ResourceRule!',
      nonResourceRules: '2 []NonResourceRule!',
      incomplete: '3 bool!',
      evaluationError: '4 string',
    },
    ResourceAttributes: {
      namespace: '1 string',
      verb: '2 string',
      group: '3 string',
      version: '4 string',
      resource: '5 string',
      subresource: '6 string',
      name: '7 string',
      fieldSelector: '8 *FieldSelectorAttributes',
      labelSelector: '9 *LabelSelectorAttributes',
    },
    NonResourceAttributes: {
      path: '1 string',
      verb: '2 string',
    },
    ResourceRule: {
      verbs: '1 []string!',
      apiGroups: '2 []string',
      resources: '3 []string',
      resourceNames: '4 []string',
    },
    NonResourceRule: {
      verbs: '1 []string!',
      nonResourceURLs: '2 []string',
    },
    FieldSelectorAttributes: {
      rawSelector: '1 string',
      requirements: '2 []meta.v1.FieldSelectorRequirement',
    },
    LabelSelectorAttributes: {
      rawSelector: '1 string',
      requirements: '2 []meta.v1.LabelSelectorRequirement',
    },
  },
};

export const certificatesV1: MessageTable = {
  package: 'certificates.v1',
  apiVersion: 'certificates.k8s.io/v1',
  messages: {
    CertificateSigningRequest: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 CertificateSigningRequestSpec!',
      status: '3 CertificateSigningRequestStatus',
    },
    CertificateSigningRequestSpec: {
      request: '1 bytes!',
      signerName: '7 string!',
      expirationSeconds: '8 *int32',
      usages: '5 []string',
      username: '2 string',
      uid: '3 string',
      groups: '4 []string',
      extra: '6 map[string][]string',
    },
    CertificateSigningRequestStatus: {
      conditions: '1 []CertificateSigningRequestCondition',
      certificate: '2 bytes',
    },
    CertificateSigningRequestCondition: {
      type: '1 string!',
      status: '6 string!',
      reason: '2 string',
      message: '3 string',
      lastUpdateTime: '4 Time',
      lastTransitionTime: '5 Time',
    },
  },
};
