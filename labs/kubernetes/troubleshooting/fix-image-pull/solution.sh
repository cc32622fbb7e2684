kubectl get pods -n shop
# The new pod is in ErrImagePull / ImagePullBackOff; its events name the image
kubectl describe pods -n shop -l app=storefront | grep -i "failed" || true
kubectl get deployment storefront -n shop -o jsonpath='{.spec.template.spec.containers[0].image}' > ~/bad-image.txt
cat ~/bad-image.txt
kubectl set image deployment/storefront nginx=nginx:1.27 -n shop
kubectl rollout status deployment/storefront -n shop --timeout=60s
