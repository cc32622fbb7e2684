kubectl get pods -n store
kubectl describe pod -n store -l app=catalog | grep -i "readiness" || true
# the probe asks port 8080 for /healthz; nginx serves / on port 80
kubectl patch deployment catalog -n store --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/readinessProbe/httpGet/port", "value": 80},
  {"op": "replace", "path": "/spec/template/spec/containers/0/readinessProbe/httpGet/path", "value": "/"}
]'
kubectl rollout status deployment/catalog -n store --timeout=60s
kubectl get endpointslices -n store -l kubernetes.io/service-name=catalog
kubectl wait --for=condition=Ready pod/shopper -n store --timeout=60s
kubectl exec -n store shopper -- wget -qO- -T 3 http://catalog | head -4
