# mistake: deletes the CronJob to stop it; its Job manual-1 is garbage-collected with it
# fails: suspend/job-kept
# message: Job manual-1 was not found
kubectl create cronjob backup --image=busybox:1.36 --schedule="30 2 * * *" -- sh -c 'date; echo backup of /data finished'
kubectl create job manual-1 --from=cronjob/backup
kubectl wait --for=condition=Complete job/manual-1 --timeout=60s
kubectl delete cronjob backup
