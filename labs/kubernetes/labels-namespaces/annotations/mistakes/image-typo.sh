# mistake: a typo in the new image tag; the change cause is recorded but the rollout never finishes
# fails: change-cause/rolled-out
# message: cannot pull image "nginx:1.277"
kubectl set image deployment/web nginx=nginx:1.277
kubectl annotate deployment web kubernetes.io/change-cause="upgrade nginx to 1.27" --overwrite
