# mistake: drain complains about cache's emptyDir, so the Deployment is deleted instead of passing --delete-emptydir-data
# fails: drain/cache-rolled-out
# message: Deployment cache was not found
kubectl delete deployment cache
kubectl drain node01 --ignore-daemonsets
