kubectl patch deployment frontend --type=merge -p '{
  "spec": {
    "minReadySeconds": 5,
    "revisionHistoryLimit": 3,
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
  }
}'
kubectl get deployment frontend -o jsonpath='{.spec.strategy}{"\n"}'

kubectl set image deployment/frontend nginx=nginx:1.27
kubectl rollout status deployment/frontend --timeout=90s
kubectl get rs -l app=frontend

kubectl patch deployment cache -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'
kubectl set image deployment/cache redis=redis:7.4
kubectl rollout status deployment/cache --timeout=60s
kubectl get pods -l app=cache
