cat > ~/cache-pair.yaml <<'YAML'
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
        - name: shared
          mountPath: /feed
          readOnly: true
YAML
kubectl apply -f ~/cache-pair.yaml
kubectl wait --for=condition=Ready pod/cache-pair --timeout=60s
sleep 6
kubectl logs cache-pair -c consumer

kubectl exec cache-pair -c producer -- sh -c 'echo "hello from the producer" > /work/note.txt'
kubectl exec cache-pair -c consumer -- cat /feed/note.txt
kubectl exec cache-pair -c consumer -- sh -c 'echo test > /feed/test.txt' || echo "read-only, as expected"
