# mistake: labels the running frontend pod role=frontend instead of fixing the policy; the next pod the Deployment creates is blocked again
# fails: allow-frontend/pods-unchanged
# message: fix the NetworkPolicy instead
kubectl rollout status deployment/frontend -n shop --timeout=60s
kubectl label pods -n shop -l app=frontend role=frontend
