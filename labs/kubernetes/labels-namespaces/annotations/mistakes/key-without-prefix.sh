# mistake: writes the key as change-cause, without the kubernetes.io/ prefix that kubectl rollout history reads
# fails: change-cause/history
# message: No ReplicaSet of web records the change cause
kubectl set image deployment/web nginx=nginx:1.27
kubectl annotate deployment web change-cause="upgrade nginx to 1.27"
kubectl rollout status deployment/web --timeout=60s
