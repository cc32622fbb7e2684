kubectl rollout status deployment/storefront --timeout=60s
kubectl expose deployment storefront --type=LoadBalancer --port=80 --target-port=8080
until [ -n "$(kubectl get service storefront -o jsonpath='{.status.loadBalancer.ingress[0].ip}')" ]; do sleep 1; done
kubectl get service storefront
kubectl get service storefront -o jsonpath='{.status.loadBalancer.ingress[0].ip}' > ~/storefront-ip.txt
kubectl wait --for=condition=Ready pod/client --timeout=60s
kubectl exec client -- wget -qO- "http://$(cat ~/storefront-ip.txt)"
kubectl patch service storefront -p '{"spec":{"externalTrafficPolicy":"Local"}}'
kubectl get service storefront -o jsonpath='{.spec.healthCheckNodePort}'
