# mistake: exposes port 80 without --target-port, so the Service sends traffic to port 80 where nothing listens
# fails: expose/reachable
# message: the pods listen on 8080
kubectl rollout status deployment/web --timeout=60s
kubectl expose deployment web --port=80
