# mistake: puts the db rule on the backend pods (allowing db to reach backend) instead of on the db pods
# fails: allow-backend/backend-to-db
# message: times out
kubectl -n shop rollout status deployment/backend --timeout=60s
kubectl -n shop rollout status deployment/db --timeout=60s
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
  name: allow-backend-to-db
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
              app: db
      ports:
        - protocol: TCP
          port: 6379
YAML
