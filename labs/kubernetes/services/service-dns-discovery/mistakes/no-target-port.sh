# mistake: exposes port 80 without --target-port; the Service forwards to port 80 of pods listening on 8080
# fails: expose-api/from-frontend
# message: the pods listen on 8080
kubectl -n backend rollout status deployment/api --timeout=60s
kubectl -n backend expose deployment api --port=80
