# mistake: deletes backend-allow-frontend, believing it is what blocks; the default deny still drops the frontend's traffic
# fails: allow-frontend/frontend-allowed
# message: NetworkPolicies apply here
kubectl delete networkpolicy backend-allow-frontend -n shop
