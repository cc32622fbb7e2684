# mistake: makes the three changes without pausing; each one starts its own rollout
# fails: resume/single-rollout
# message: does not have exactly two ReplicaSets
kubectl set image deployment/api nginx=nginx:1.27
kubectl set resources deployment/api -c nginx --requests=cpu=100m,memory=64Mi --limits=memory=128Mi
kubectl set env deployment/api APP_MODE=production
kubectl rollout status deployment/api --timeout=60s
