# mistake: the policy selects the db pods but has no ingress rule, so the backend is cut off too
# fails: networkpolicy/backend-allowed
cat <<'YAML' | kubectl --context k8s apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: data
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
YAML
