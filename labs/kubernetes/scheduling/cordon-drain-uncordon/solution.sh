kubectl get pods -o wide
kubectl cordon node01
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl get nodes
kubectl rollout status deployment/web --timeout=60s
kubectl rollout status deployment/cache --timeout=60s
kubectl get pods -o wide

kubectl scale deployment web --replicas=6
kubectl rollout status deployment/web --timeout=60s
kubectl get pods -l app=web -o wide

kubectl uncordon node01
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: canary
spec:
  nodeSelector:
    kubernetes.io/hostname: node01
  containers:
  - name: nginx
    image: nginx:1.27
YAML
kubectl wait --for=condition=Ready pod/canary --timeout=60s
kubectl get pods -o wide
