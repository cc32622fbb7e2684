kubectl rollout status deployment/web --timeout=60s
kubectl expose deployment web --port=80 --target-port=8080
kubectl get service web
kubectl wait --for=condition=Ready pod/client --timeout=60s
kubectl exec client -- wget -qO- web
kubectl scale deployment web --replicas=5
kubectl rollout status deployment/web --timeout=60s
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl exec client -- nslookup web.default.svc.cluster.local > ~/web-dns.txt
cat ~/web-dns.txt
