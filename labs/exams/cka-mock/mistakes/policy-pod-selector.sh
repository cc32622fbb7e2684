# mistake: writes podSelector instead of namespaceSelector; a podSelector alone only selects pods of prod itself
# fails: networkpolicy/api-allowed
cat <<'YAML' | kubectl --context k8s-c1 apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api
  namespace: prod
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              team: api
      ports:
        - protocol: TCP
          port: 6379
YAML
