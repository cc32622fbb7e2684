# mistake: selects the namespace by a label "name: checkout" that no namespace carries
# fails: allow-namespace/checkout-allowed
# message: times out
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
              name: checkout
      ports:
        - protocol: TCP
          port: 80
YAML
