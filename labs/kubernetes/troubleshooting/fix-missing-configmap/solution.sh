kubectl get pods -n billing
kubectl describe pod -n billing -l app=invoice-api | grep -E "Reason|Failed" || true
kubectl get pod -n billing -l app=invoice-api \
  -o jsonpath='{.items[0].status.containerStatuses[0].state.waiting.message}{"\n"}' > ~/invoice-error.txt
cat ~/invoice-error.txt
kubectl get configmap invoice-config -n billing -o yaml
# the Deployment reads DB_PORT, the ConfigMap does not have it
kubectl patch configmap invoice-config -n billing -p '{"data":{"DB_PORT":"5432"}}'
kubectl rollout status deployment/invoice-api -n billing --timeout=60s
kubectl exec -n billing deploy/invoice-api -- printenv DB_HOST DB_PORT
