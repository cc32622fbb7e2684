cat > ~/shared-web.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: shared-web
  labels:
    app: shared-web
spec:
  volumes:
  - name: html
    emptyDir: {}
  containers:
  - name: writer
    image: busybox:1.36
    command: ["sh", "-c", "while true; do date >> /html/index.html; sleep 5; done"]
    volumeMounts:
    - name: html
      mountPath: /html
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
YAML
kubectl apply -f ~/shared-web.yaml
kubectl wait --for=condition=Ready pod/shared-web --timeout=60s
kubectl exec shared-web -c nginx -- cat /usr/share/nginx/html/index.html
kubectl expose pod shared-web --port=80
kubectl run fetch --image=busybox:1.36 --restart=Never -- wget -qO- http://shared-web
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/fetch --timeout=60s
kubectl logs fetch
