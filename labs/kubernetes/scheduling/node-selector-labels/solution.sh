kubectl get nodes -L disktype
kubectl label node node01 disktype=ssd
kubectl get nodes -L disktype

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: fast-cache
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: redis
    image: redis:7
YAML
kubectl wait --for=condition=Ready pod/fast-cache --timeout=60s
kubectl get pod fast-cache -o wide

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: pinned-web
spec:
  nodeSelector:
    kubernetes.io/hostname: node02
  containers:
  - name: nginx
    image: nginx:1.27
YAML
kubectl wait --for=condition=Ready pod/pinned-web --timeout=60s
kubectl get pods -o wide
