kubectl get pods -n ops
# wait until the container has ended at least once (the pod shows RESTARTS >= 1)
for i in $(seq 1 30); do
  reason=$(kubectl get pod -n ops -l app=heartbeat -o jsonpath='{.items[0].status.containerStatuses[0].lastState.terminated.reason}')
  [ -n "$reason" ] && break
  sleep 1
done
kubectl describe pod -n ops -l app=heartbeat | grep -A4 "Last State"
kubectl get pod -n ops -l app=heartbeat \
  -o jsonpath='{.items[0].status.containerStatuses[0].lastState.terminated.reason} {.items[0].status.containerStatuses[0].lastState.terminated.exitCode}{"\n"}' > ~/heartbeat-exit.txt
cat ~/heartbeat-exit.txt
kubectl logs -n ops deploy/heartbeat
# sh -c ran only its first argument: join the script into a single argument
kubectl patch deployment heartbeat -n ops --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/args",
   "value": ["echo \"heartbeat: service ready\"; while true; do echo \"heartbeat: alive\"; sleep 10; done"]}
]'
kubectl rollout status deployment/heartbeat -n ops --timeout=60s
kubectl logs -n ops deploy/heartbeat
