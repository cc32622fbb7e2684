# mistake: sets the change-cause before changing the image; it overwrites the reason of revision 1
# fails: update/history-intact
# message: no longer records "initial release: nginx 1.25"
kubectl annotate deployment/webapp -n store kubernetes.io/change-cause="upgrade to nginx 1.26" --overwrite
kubectl set image deployment/webapp nginx=nginx:1.26 -n store
kubectl rollout status deployment/webapp -n store --timeout=60s
