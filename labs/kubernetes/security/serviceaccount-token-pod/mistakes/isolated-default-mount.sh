# mistake: creates isolated like any other pod, so the default ServiceAccount's token is mounted into it
# fails: no-automount/no-token-volume
# message: expected not /var/run/secrets/kubernetes.io/serviceaccount
kubectl run isolated -n monitoring --image=busybox:1.36 -- sleep 36000
