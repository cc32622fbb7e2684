# mistake: runs retry with restart policy Never, so its failed container is never retried
# fails: failures/retried
# message: must have restart policy OnFailure
kubectl run retry --image=busybox:1.36 --restart=Never -- sh -c 'echo connecting to the queue; exit 1'
