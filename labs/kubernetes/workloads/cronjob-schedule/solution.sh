cat <<'YAML' > backup.yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "30 2 * * *"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 2
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: busybox:1.36
              command: ["sh", "-c", "date; echo backup of /data finished"]
YAML
kubectl apply -f backup.yaml
kubectl get cronjob backup

kubectl create job manual-1 --from=cronjob/backup
kubectl wait --for=condition=Complete job/manual-1 --timeout=60s
kubectl logs job/manual-1

kubectl patch cronjob backup -p '{"spec":{"suspend":true}}'
kubectl get cronjob backup
