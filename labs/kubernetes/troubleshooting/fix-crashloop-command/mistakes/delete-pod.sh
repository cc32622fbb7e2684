# mistake: deletes the crashing pod; the new one runs the same command and crashes too
# fails: fix/rolled-out
# message: keeps crashing
echo "Completed 0" > ~/heartbeat-exit.txt
kubectl delete pod -n ops -l app=heartbeat
