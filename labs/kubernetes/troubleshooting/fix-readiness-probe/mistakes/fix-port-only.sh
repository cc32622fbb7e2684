# mistake: fixes the port but keeps the path /healthz, which nginx answers with 404 Not Found
# fails: probe/rolled-out
# message: Readiness probe failed
kubectl patch deployment catalog -n store --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/readinessProbe/httpGet/port", "value": 80}
]'
