# mistake: mounts the shared volume one level too high in nginx, so nginx does not serve the writer's file
# fails: create/mounts
# message: must be mounted at /html in writer and at /usr/share/nginx/html in nginx
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
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx
YAML
kubectl apply -f ~/shared-web.yaml
