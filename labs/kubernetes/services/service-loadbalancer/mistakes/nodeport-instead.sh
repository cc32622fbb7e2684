# mistake: creates a NodePort Service, which never gets an external IP
# fails: create/external-ip
# message: expected set
kubectl rollout status deployment/storefront --timeout=60s
kubectl expose deployment storefront --type=NodePort --port=80 --target-port=8080
