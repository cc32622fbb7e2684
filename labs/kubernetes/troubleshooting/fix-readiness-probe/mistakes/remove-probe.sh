# mistake: removes the readiness probe; the pods turn Ready but traffic is no longer held back while nginx is not serving
# fails: probe/probe-kept
# message: expected set
kubectl patch deployment catalog -n store --type=json -p '[
  {"op": "remove", "path": "/spec/template/spec/containers/0/readinessProbe"}
]'
kubectl rollout status deployment/catalog -n store --timeout=60s
