# mistake: sets completions but forgets parallelism; the five pods run one after the other
# fails: run-pi/spec
# message: Job pi does not have completions 5, parallelism 2 and backoffLimit 4
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 5
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: perl:5.40
          command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(200)"]
YAML
