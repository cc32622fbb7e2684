# mistake: creates the pod from a manifest with kubectl apply instead of kubectl run
# fails: imperative/no-last-applied
# message: created with kubectl apply
kubectl run tools --image=busybox:1.36 --dry-run=client -o yaml -- sleep 3600 > ~/tools.yaml
kubectl apply -f ~/tools.yaml
