# mistake: a typo in the image tag; the new pods never start
# fails: update/rolled-out
# message: cannot pull image "nginx:1.277"
kubectl create deployment web --image=nginx:1.26 --replicas=4
kubectl rollout status deployment/web --timeout=60s
kubectl set image deployment/web nginx=nginx:1.277
