# mistake: relabels the pods to match the Service; they leave their ReplicaSet, which starts new ones the Service does not select
# fails: endpoints/endpoints
# message: which does not match pod
kubectl rollout status deployment/frontend -n web --timeout=60s
kubectl label pods -n web -l app=frontend app=web-frontend --overwrite
