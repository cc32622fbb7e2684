# mistake: rolls back to the old version instead of finishing the upgrade to 1.27
# fails: fix/image
# message: expected nginx:1.27
kubectl get deployment storefront -n shop -o jsonpath='{.spec.template.spec.containers[0].image}' > ~/bad-image.txt
kubectl rollout undo deployment/storefront -n shop
kubectl rollout status deployment/storefront -n shop --timeout=60s
