# mistake: deletes the pod; the new one has the same limit and is killed the same way
# fails: fix/rolled-out
# message: OOMKilled
echo OOMKilled > ~/thumbnailer-reason.txt
kubectl delete pod -n media -l app=thumbnailer
