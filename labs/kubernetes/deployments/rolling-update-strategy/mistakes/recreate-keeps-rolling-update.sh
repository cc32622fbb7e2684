# mistake: patches only the type; the API server rejects Recreate while rollingUpdate is still set
# fails: recreate/strategy
# message: uses the strategy RollingUpdate, expected Recreate
kubectl patch deployment cache -p '{"spec":{"strategy":{"type":"Recreate"}}}'
kubectl set image deployment/cache redis=redis:7.4
