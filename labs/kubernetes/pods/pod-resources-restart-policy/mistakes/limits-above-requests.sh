# mistake: the memory limit is higher than the request, so the pod is only Burstable
# fails: guaranteed/qos
# message: expected Guaranteed
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
        memory: 512Mi
YAML
kubectl apply -f ~/cache.yaml
