# mistake: trainer has the nodeSelector but no toleration; the taint keeps it off node02 and no other node has gpu=true
# fails: tolerate/on-node02
# message: had untolerated taint {dedicated: gpu}
kubectl taint node node02 dedicated=gpu:NoSchedule
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  nodeSelector:
    gpu: "true"
  containers:
  - name: trainer
    image: busybox:1.36
    command: ["sh", "-c", "echo training; sleep 36000"]
YAML
