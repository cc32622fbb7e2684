# mistake: creates manual-1 as a stand-alone Job with the same image instead of from the CronJob
# fails: manual-run/from-cronjob
# message: Job manual-1 was not created from the CronJob
kubectl create cronjob backup --image=busybox:1.36 --schedule="30 2 * * *" -- sh -c 'date; echo backup of /data finished'
kubectl create job manual-1 --image=busybox:1.36 -- sh -c 'date; echo backup of /data finished'
