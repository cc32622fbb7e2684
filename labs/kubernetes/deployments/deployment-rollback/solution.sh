kubectl rollout history deployment/webapp -n store

kubectl set image deployment/webapp nginx=nginx:1.26 -n store
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.26" --overwrite
kubectl rollout status deployment/webapp -n store --timeout=60s

kubectl set image deployment/webapp nginx=ngnix:1.27 -n store
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.27" --overwrite
kubectl rollout status deployment/webapp -n store --timeout=20s || true
kubectl get pods -n store

kubectl rollout history deployment/webapp -n store
kubectl rollout history deployment/webapp -n store --revision=1
kubectl rollout undo deployment/webapp -n store --to-revision=1
kubectl rollout status deployment/webapp -n store --timeout=60s
kubectl rollout history deployment/webapp -n store
