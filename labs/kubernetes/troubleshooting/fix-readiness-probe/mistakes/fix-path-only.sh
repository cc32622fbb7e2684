# mistake: fixes the path but keeps port 8080, where nothing listens
# fails: probe/rolled-out
# message: connect: connection refused
kubectl patch deployment catalog -n store --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/readinessProbe/httpGet/path", "value": "/"}
]'
