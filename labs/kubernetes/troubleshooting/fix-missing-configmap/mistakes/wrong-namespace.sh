# mistake: creates the setting in a ConfigMap of the default namespace; the pods in billing still cannot read it
# fails: fix/rolled-out
# message: couldn't find key DB_PORT in ConfigMap billing/invoice-config
echo "couldn't find key DB_PORT" > ~/invoice-error.txt
kubectl create configmap invoice-config --from-literal=DB_HOST=postgres.billing.svc.cluster.local --from-literal=DB_PORT=5432 --from-literal=LOG_LEVEL=info
