# mistake: mistypes the image while paused; after resuming, the new pods cannot pull it
# fails: resume/rolled-out
# message: cannot pull image "nginx:1.277"
kubectl rollout pause deployment/api
kubectl set image deployment/api nginx=nginx:1.277
kubectl set resources deployment/api -c nginx --requests=cpu=100m,memory=64Mi --limits=memory=128Mi
kubectl set env deployment/api APP_MODE=production
kubectl rollout resume deployment/api
