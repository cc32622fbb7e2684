kubectl create serviceaccount reporter -n monitoring
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: reporter
  namespace: monitoring
spec:
  serviceAccountName: reporter
  containers:
  - name: reporter
    image: busybox:1.36
    command: ["sleep", "36000"]
YAML
kubectl wait --for=condition=Ready pod/reporter -n monitoring --timeout=60s
kubectl get pod reporter -n monitoring -o jsonpath='{.spec.volumes[0].name}{"\n"}'
kubectl exec reporter -n monitoring -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec reporter -n monitoring -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace > ~/reporter-namespace.txt

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: isolated
  namespace: monitoring
spec:
  automountServiceAccountToken: false
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "36000"]
YAML
kubectl wait --for=condition=Ready pod/isolated -n monitoring --timeout=60s

kubectl create token reporter -n monitoring --duration=1h > ~/reporter.token
cut -c1-40 ~/reporter.token
