kubectl get pods -n web --show-labels
kubectl describe service frontend -n web
kubectl get endpointslices -n web -l kubernetes.io/service-name=frontend
# the Service selects app=web-frontend, the pods carry app=frontend
kubectl patch service frontend -n web -p '{"spec":{"selector":{"app":"frontend"}}}'
kubectl get endpointslices -n web -l kubernetes.io/service-name=frontend
kubectl wait --for=condition=Ready pod/client -n web --timeout=60s
kubectl exec -n web client -- wget -qO- -T 3 http://frontend | head -4
