# mistake: repairs the binding but widens the Role to every resource "to be safe"; secrets become readable
# fails: least-privilege/no-secrets
# message: can list secrets in namespace monitoring
kubectl delete rolebinding pod-watcher-binding -n monitoring
kubectl create rolebinding pod-watcher-binding -n monitoring --role=pod-reader --serviceaccount=monitoring:pod-watcher
kubectl patch role pod-reader -n monitoring --type=json -p '[
  {"op": "replace", "path": "/rules/0/resources", "value": ["*"]}
]'
