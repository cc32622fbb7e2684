# mistake: corrects the subject's namespace but leaves the binding pointing at a Role that does not exist
# fails: grant/list-pods
# message: which does not exist
kubectl patch rolebinding pod-watcher-binding -n monitoring --type=json -p '[
  {"op": "replace", "path": "/subjects/0/namespace", "value": "monitoring"}
]'
