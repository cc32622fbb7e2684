kubectl get pods -o wide
kubectl taint node node02 dedicated=gpu:NoSchedule
kubectl describe node node02 | grep -A2 Taints

kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl rollout status deployment/web --timeout=60s
kubectl get pods -l app=web -o wide

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  nodeSelector:
    gpu: "true"
  tolerations:
  - key: dedicated
    operator: Equal
    value: gpu
  containers:
  - name: trainer
    image: busybox:1.36
    command: ["sh", "-c", "echo training; sleep 36000"]
YAML
kubectl wait --for=condition=Ready pod/trainer --timeout=60s

kubectl taint node node02 dedicated=gpu:NoExecute
kubectl wait --for=delete pod/legacy-batch --timeout=60s

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: checkpointer
spec:
  nodeSelector:
    gpu: "true"
  tolerations:
  - key: dedicated
    operator: Equal
    value: gpu
    effect: NoSchedule
  - key: dedicated
    operator: Equal
    value: gpu
    effect: NoExecute
    tolerationSeconds: 3600
  containers:
  - name: checkpointer
    image: busybox:1.36
    command: ["sh", "-c", "echo saving checkpoints; sleep 36000"]
YAML
kubectl wait --for=condition=Ready pod/checkpointer --timeout=60s
kubectl get pods -o wide
