# mistake: drain refuses cache's emptyDir pods, so the Deployment is deleted instead of passing --delete-emptydir-data
# fails: drain/cache-rolled-out
# message: not found
kubectl --context k8s-c2 delete deployment cache
kubectl --context k8s-c2 drain node03 --ignore-daemonsets --force --timeout=30s
