# mistake: each container gets its own emptyDir, so the consumer never sees the producer's file
# fails: create/consumer-log
# message: do both containers mount the same volume?
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: cache-pair
spec:
  volumes:
    - name: shared
      emptyDir:
        medium: Memory
        sizeLimit: 64Mi
    - name: feed
      emptyDir: {}
  containers:
    - name: producer
      image: busybox:1.36
      command: ["sh", "-c", "while true; do echo \"$(date) produced a batch\" >> /work/feed.log; sleep 5; done"]
      volumeMounts:
        - name: shared
          mountPath: /work
    - name: consumer
      image: busybox:1.36
      command: ["sh", "-c", "tail -F /feed/feed.log"]
      volumeMounts:
        - name: feed
          mountPath: /feed
          readOnly: true
YAML
kubectl wait --for=condition=Ready pod/cache-pair --timeout=60s
