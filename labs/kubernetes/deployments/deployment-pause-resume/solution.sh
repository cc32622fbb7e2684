kubectl rollout pause deployment/api
kubectl get deployment api -o jsonpath='{.spec.paused}{"\n"}'

kubectl set image deployment/api nginx=nginx:1.27
kubectl set resources deployment/api -c nginx --requests=cpu=100m,memory=64Mi --limits=memory=128Mi
kubectl set env deployment/api APP_MODE=production
kubectl get rs -l app=api
kubectl rollout history deployment/api

kubectl rollout resume deployment/api
kubectl rollout status deployment/api --timeout=60s
kubectl get rs -l app=api
