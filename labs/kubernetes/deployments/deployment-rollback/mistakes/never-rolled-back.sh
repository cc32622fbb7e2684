# mistake: stops after the broken update; the new pods cannot pull their image
# fails: rollback/rolled-out
# message: ngnix:1.27
kubectl set image deployment/webapp nginx=nginx:1.26 -n store
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.26" --overwrite
kubectl rollout status deployment/webapp -n store --timeout=60s
kubectl set image deployment/webapp nginx=ngnix:1.27 -n store
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.27" --overwrite
