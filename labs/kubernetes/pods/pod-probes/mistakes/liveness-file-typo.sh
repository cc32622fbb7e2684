# mistake: the exec probe reads /tmp/health, a file that does not exist; the kubelet restarts the container again and again
# fails: exec-probe/no-restarts
# message: restartCount is
cat > ~/worker.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: worker
  labels:
    app: worker
spec:
  containers:
  - name: worker
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/healthy; sleep 3600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/health"]
      initialDelaySeconds: 5
      periodSeconds: 5
YAML
kubectl apply -f ~/worker.yaml
