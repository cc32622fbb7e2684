# mistake: the allow policy selects the frontend pods (the senders) instead of backend, so backend stays isolated
# fails: allow-frontend/frontend-to-backend
# message: times out
kubectl -n shop rollout status deployment/frontend --timeout=60s
kubectl -n shop rollout status deployment/backend --timeout=60s
kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend-to-backend
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: frontend
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: backend
      ports:
        - protocol: TCP
          port: 80
YAML
