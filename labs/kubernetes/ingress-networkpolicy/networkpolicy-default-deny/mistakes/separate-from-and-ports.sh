# mistake: writes from and ports as two separate rules; the ports-only rule lets any pod reach backend on port 80
# fails: allow-frontend/db-to-backend-blocked
# message: expected it to be blocked
kubectl -n shop rollout status deployment/db --timeout=60s
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
      app: backend
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: frontend
    - ports:
        - protocol: TCP
          port: 80
YAML
