/**
 * networking.k8s.io/v1 Ingress, IngressClass, NetworkPolicy, ServiceCIDR, IPAddress: k8s.io/api
 * networking/v1/generated.proto and types.go. Release 1.33;
 * notation in descriptors.ts.
 */
import type { MessageTable } from './descriptors';

export const networkingV1: MessageTable = {
  package: 'networking.v1',
  apiVersion: 'networking.k8s.io/v1',
  messages: {
    Ingress: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 IngressSpec',
      status: '3 IngressStatus',
    },
    IngressClass: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 IngressClassSpec',
    },
    NetworkPolicy: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 NetworkPolicySpec',
    },
    IngressSpec: {
      ingressClassName: '4 *string',
      defaultBackend: '1 *IngressBackend',
      tls: '2 []IngressTLS',
      rules: '3 []IngressRule',
    },
    IngressStatus: {
      loadBalancer: '1 IngressLoadBalancerStatus',
    },
    IngressClassSpec: {
      controller: '1 string',
      parameters: '2 *IngressClassParametersReference',
    },
    NetworkPolicySpec: {
      podSelector: '1 meta.v1.LabelSelector!',
      ingress: '2 []NetworkPolicyIngressRule',
      egress: '3 []NetworkPolicyEgressRule',
      policyTypes: '4 []string',
    },
    IngressBackend: {
      service: '4 *IngressServiceBackend',
      resource: '3 *core.v1.TypedLocalObjectReference',
    },
    IngressTLS: {
      hosts: '1 []string',
      secretName: '2 string',
    },
    IngressRule: {
      host: '1 string',
      '...': '2 IngressRuleValue',
    },
    IngressLoadBalancerStatus: {
      ingress: '1 []IngressLoadBalancerIngress',
    },
    IngressClassParametersReference: {
      apiGroup: '1 *string',
      kind: '2 string!',
      name: '3 string!',
      scope: '4 *string!',
      namespace: '5 *string',
    },
    NetworkPolicyIngressRule: {
      ports: '1 []NetworkPolicyPort',
      from: '2 []NetworkPolicyPeer',
    },
    NetworkPolicyEgressRule: {
      ports: '1 []NetworkPolicyPort',
      to: '2 []NetworkPolicyPeer',
    },
    IngressServiceBackend: {
      name: '1 string!',
      port: '2 ServiceBackendPort',
    },
    IngressRuleValue: {
      http: '1 *HTTPIngressRuleValue',
    },
    IngressLoadBalancerIngress: {
      ip: '1 string',
      hostname: '2 string',
      ports: '4 []IngressPortStatus',
    },
    NetworkPolicyPort: {
      protocol: '1 *string',
      port: '2 *IntOrString',
      endPort: '3 *int32',
    },
    NetworkPolicyPeer: {
      podSelector: '1 *meta.v1.LabelSelector',
      namespaceSelector: '2 *meta.v1.LabelSelector',
      ipBlock: '3 *IPBlock',
    },
    ServiceBackendPort: {
      name: '1 string',
      number: '2 int32',
    },
    HTTPIngressRuleValue: {
      paths: '1 []HTTPIngressPath!',
    },
    IngressPortStatus: {
      port: '1 int32!',
      protocol: '2 string!',
      error: '3 *string',
    },
    IPBlock: {
      cidr: '1 string!',
      except: '2 []string',
    },
    HTTPIngressPath: {
      path: '1 string',
      pathType: '3 *string!',
      backend: '2 IngressBackend!',
    },
    ServiceCIDR: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 ServiceCIDRSpec',
      status: '3 ServiceCIDRStatus',
    },
    IPAddress: {
      metadata: '1 meta.v1.ObjectMeta',
      spec: '2 IPAddressSpec',
    },
    ServiceCIDRSpec: {
      cidrs: '1 []string',
    },
    ServiceCIDRStatus: {
      conditions: '1 []meta.v1.Condition',
    },
    IPAddressSpec: {
      parentRef: '1 *ParentReference',
    },
    ParentReference: {
      group: '1 string',
      resource: '2 string',
      namespace: '3 string',
      name: '4 string',
    },
  },
};
