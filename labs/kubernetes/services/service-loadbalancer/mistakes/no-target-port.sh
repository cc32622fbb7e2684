# mistake: forgets --target-port; the load balancer forwards to port 80 of pods that listen on 8080
# fails: external-access/reachable
# message: is refused
kubectl rollout status deployment/storefront --timeout=60s
kubectl expose deployment storefront --type=LoadBalancer --port=80
