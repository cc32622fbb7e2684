cat <<'YAML' > pi.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 5
  parallelism: 2
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: perl:5.40
          command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(200)"]
YAML
kubectl apply -f pi.yaml
kubectl wait --for=condition=Complete job/pi --timeout=60s
kubectl get job pi
kubectl get pods -l job-name=pi

kubectl logs job/pi > ~/pi.txt
cat ~/pi.txt

cat <<'YAML' > flaky.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: flaky
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: check
          image: busybox:1.36
          command: ["sh", "-c", "echo checking the upstream API; exit 1"]
YAML
kubectl apply -f flaky.yaml
kubectl wait --for=condition=Failed job/flaky --timeout=90s
kubectl get pods -l job-name=flaky
kubectl describe job flaky | tail -8
