# mistake: makes the changes while paused but never resumes; nothing is rolled out
# fails: resume/not-paused
# message: is true, expected not true
kubectl rollout pause deployment/api
kubectl set image deployment/api nginx=nginx:1.27
kubectl set resources deployment/api -c nginx --requests=cpu=100m,memory=64Mi --limits=memory=128Mi
kubectl set env deployment/api APP_MODE=production
