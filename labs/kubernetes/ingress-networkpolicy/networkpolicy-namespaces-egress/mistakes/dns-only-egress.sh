# mistake: the egress policy allows DNS but forgets the payments API itself
# fails: restrict-egress/api-by-name
# message: times out
kubectl -n payments rollout status deployment/api --timeout=60s
kubectl -n checkout wait --for=condition=Ready pod/client --timeout=60s
kubectl apply -f - <<'YAML'
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
    - ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
YAML
