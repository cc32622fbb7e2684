# mistake: forgets --restart=Never; with the default policy Always the finished container is started again and again
# fails: run-once/succeeded
# message: expected Succeeded
kubectl run migrate --image=busybox:1.36 -- sh -c 'echo migrating the schema; sleep 2; echo migration finished'
