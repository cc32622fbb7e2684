# mistake: recreates the ConfigMap with only the missing key and loses DB_HOST, so the pods fail again
# fails: fix/host-key-kept
# message: expected postgres.billing.svc.cluster.local
echo "couldn't find key DB_PORT" > ~/invoice-error.txt
kubectl delete configmap invoice-config -n billing
kubectl create configmap invoice-config -n billing --from-literal=DB_PORT=5432 --from-literal=LOG_LEVEL=info
