# mistake: a plain rollout undo goes back to the previous revision (nginx 1.26), not to revision 1
# fails: rollback/image
# message: is nginx:1.26, expected nginx:1.25
kubectl set image deployment/webapp nginx=nginx:1.26 -n store
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.26" --overwrite
kubectl rollout status deployment/webapp -n store --timeout=60s
kubectl set image deployment/webapp nginx=ngnix:1.27 -n store
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.27" --overwrite
kubectl rollout undo deployment/webapp -n store
kubectl rollout status deployment/webapp -n store --timeout=60s
