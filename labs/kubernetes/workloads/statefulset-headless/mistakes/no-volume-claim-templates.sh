# mistake: writes the page into a StatefulSet without volumeClaimTemplates; it is lost with the pod
# fails: stable-identity/data-survives
# message: does not answer "hello from web-1"
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
    - name: web
      port: 80
YAML
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
YAML
kubectl rollout status statefulset/web --timeout=60s
kubectl run client --image=busybox:1.28 -- sleep 3600
kubectl wait --for=condition=Ready pod/client --timeout=60s
kubectl exec web-1 -- sh -c 'echo "hello from web-1" > /usr/share/nginx/html/index.html'
kubectl delete pod web-1
kubectl wait --for=condition=Ready pod/web-1 --timeout=60s
