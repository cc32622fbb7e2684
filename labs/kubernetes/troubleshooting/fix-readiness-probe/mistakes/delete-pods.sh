# mistake: deletes the pods; their replacements carry the same probe and never become Ready
# fails: service/endpoints
# message: Readiness probe failed
kubectl delete pods -n store -l app=catalog
