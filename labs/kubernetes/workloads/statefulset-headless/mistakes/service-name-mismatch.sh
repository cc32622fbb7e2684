# mistake: serviceName names the StatefulSet itself, not the headless Service; web-0.nginx does not exist
# fails: dns/web-0
# message: cannot resolve web-0.nginx
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
  serviceName: web
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
