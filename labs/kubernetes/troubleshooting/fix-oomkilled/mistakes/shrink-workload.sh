# mistake: makes the worker allocate less instead of giving it the memory its job needs
# fails: fix/workload-kept
# message: expected containing 150M
echo OOMKilled > ~/thumbnailer-reason.txt
kubectl patch deployment thumbnailer -n media --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/args", "value": ["--vm", "1", "--vm-bytes", "50M", "--vm-hang", "1"]}
]'
kubectl rollout status deployment/thumbnailer -n media --timeout=60s
