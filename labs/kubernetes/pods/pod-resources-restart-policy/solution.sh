cat > ~/cache.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
  - name: redis
    image: redis:7
    resources:
      requests:
        cpu: 250m
        memory: 256Mi
      limits:
        cpu: 250m
        memory: 256Mi
YAML
kubectl apply -f ~/cache.yaml
cat > ~/web.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
      limits:
        memory: 128Mi
YAML
kubectl apply -f ~/web.yaml
kubectl wait --for=condition=Ready pod/cache pod/web --timeout=60s
kubectl get pods cache web -o custom-columns=NAME:.metadata.name,QOS:.status.qosClass
# one-shot pods
kubectl run migrate --image=busybox:1.36 --restart=Never -- sh -c 'echo migrating the schema; sleep 2; echo migration finished'
kubectl run retry --image=busybox:1.36 --restart=OnFailure -- sh -c 'echo connecting to the queue; exit 1'
kubectl run check-once --image=busybox:1.36 --restart=Never -- sh -c 'echo checking the config; exit 1'
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/migrate --timeout=60s
kubectl wait --for=jsonpath='{.status.phase}'=Failed pod/check-once --timeout=60s
kubectl logs migrate
