cat <<'YAML' > nginx-svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
    - name: web
      port: 80
      targetPort: 80
YAML
kubectl apply -f nginx-svc.yaml

cat <<'YAML' > web.yaml
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
          ports:
            - containerPort: 80
              name: web
          volumeMounts:
            - name: www
              mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
    - metadata:
        name: www
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
YAML
kubectl apply -f web.yaml
kubectl rollout status statefulset/web --timeout=60s
kubectl get pods -l app=nginx
kubectl get pvc

kubectl run client --image=busybox:1.28 -- sleep 3600
kubectl wait --for=condition=Ready pod/client --timeout=60s
kubectl exec client -- nslookup web-0.nginx
kubectl exec client -- nslookup nginx
kubectl exec client -- wget -qO- -T 3 http://web-0.nginx || true
kubectl exec client -- wget -qO- -T 3 http://web-2.nginx || true

kubectl exec web-1 -- sh -c 'echo "hello from web-1" > /usr/share/nginx/html/index.html'
kubectl exec client -- wget -qO- -T 3 http://web-1.nginx
kubectl delete pod web-1
kubectl wait --for=condition=Ready pod/web-1 --timeout=60s
kubectl exec client -- wget -qO- -T 3 http://web-1.nginx
