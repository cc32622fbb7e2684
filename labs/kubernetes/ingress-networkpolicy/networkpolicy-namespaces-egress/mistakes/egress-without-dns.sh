# mistake: the egress policy allows only TCP 80 to payments, so DNS lookups on port 53 are dropped and no name resolves
# fails: restrict-egress/api-by-name
# message: cannot resolve api.payments
kubectl -n payments rollout status deployment/api --timeout=60s
kubectl -n checkout wait --for=condition=Ready pod/client --timeout=60s
kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow-checkout
  namespace: payments
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: checkout
      ports:
        - protocol: TCP
          port: 80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: restrict-egress
  namespace: checkout
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: payments
      ports:
        - protocol: TCP
          port: 80
YAML
