# mistake: removes DB_PORT from the Deployment instead of supplying it; the pods start but the app has no database port
# fails: fix/reference-kept
# message: expected DB_PORT
echo "couldn't find key DB_PORT" > ~/invoice-error.txt
kubectl set env deployment/invoice-api -n billing DB_PORT-
kubectl rollout status deployment/invoice-api -n billing --timeout=60s
