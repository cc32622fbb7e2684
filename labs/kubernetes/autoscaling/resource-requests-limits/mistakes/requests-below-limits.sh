# mistake: critical gets requests lower than its limits, which makes it Burstable, not Guaranteed
# fails: guaranteed/qos
# message: is Burstable, expected Guaranteed
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: critical
  namespace: team-a
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
      limits:
        cpu: 300m
        memory: 256Mi
YAML
