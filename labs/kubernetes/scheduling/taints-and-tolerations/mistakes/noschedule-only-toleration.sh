# mistake: trainer tolerates only the NoSchedule effect, so the NoExecute taint evicts it as well
# fails: tolerate/on-node02
# message: Pod trainer was not found
kubectl taint node node02 dedicated=gpu:NoSchedule
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
    effect: NoSchedule
  containers:
  - name: trainer
    image: busybox:1.36
    command: ["sh", "-c", "echo training; sleep 36000"]
YAML
kubectl wait --for=condition=Ready pod/trainer --timeout=60s
kubectl taint node node02 dedicated=gpu:NoExecute
