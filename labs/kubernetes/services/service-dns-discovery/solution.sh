kubectl -n backend rollout status deployment/api --timeout=60s
kubectl -n backend expose deployment api --port=80 --target-port=8080
kubectl -n frontend wait --for=condition=Ready pod/client --timeout=60s
kubectl -n frontend exec client -- wget -qO- http://api.backend
kubectl -n frontend exec client -- cat /etc/resolv.conf > ~/client-resolv.conf
kubectl -n frontend exec client -- nslookup api.backend.svc.cluster.local > ~/api-fqdn.txt
cat ~/client-resolv.conf ~/api-fqdn.txt
kubectl -n backend expose deployment api --name=api-pods --cluster-ip=None --port=8080
kubectl -n frontend exec client -- nslookup api-pods.backend.svc.cluster.local > ~/api-pods.txt
cat ~/api-pods.txt
kubectl -n backend get pods -l app=api -o wide
