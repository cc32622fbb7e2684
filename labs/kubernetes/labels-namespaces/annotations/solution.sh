kubectl get deployment web -o jsonpath='{.metadata.annotations}'; echo
kubectl annotate deployment web example.com/owner=payments-team example.com/runbook=https://wiki.example.com/runbooks/web
kubectl set image deployment/web nginx=nginx:1.27
kubectl annotate deployment web kubernetes.io/change-cause="upgrade nginx to 1.27" --overwrite
kubectl rollout status deployment/web --timeout=60s
kubectl rollout history deployment/web
kubectl annotate deployment web example.com/deprecated-note-
