# mistake: the readiness probe asks port 8080, where nginx does not listen; the pod runs but never becomes Ready
# fails: http-probes/ready
# message: not Ready
cat > ~/web.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /
        port: 8080
      periodSeconds: 5
    livenessProbe:
      httpGet:
        path: /
        port: 80
      initialDelaySeconds: 5
      periodSeconds: 10
YAML
kubectl apply -f ~/web.yaml
